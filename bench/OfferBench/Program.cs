using System.Diagnostics;
using CrmSuite.PlaybookEngine.Accounts;
using CrmSuite.PlaybookEngine.Offers;

// OfferBench: quotes + price paths per second over synthetic accounts, priced from the shipped price book.
// Usage: dotnet run -c Release --project bench/OfferBench -- [accounts=100000] [pricebook=playbooks/pricebook.md]
var accounts = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 100_000;
var bookPath = args.Length > 1 ? args[1] : Path.Combine("playbooks", "pricebook.md");
var parsed = PriceBookParser.Parse(File.ReadAllText(bookPath), bookPath);
if (parsed.PriceBook is not { } book)
{
    foreach (var d in parsed.Diagnostics)
    {
        Console.Error.WriteLine(d);
    }

    return 1;
}

var calculator = new PriceCalculator(book);
var tiers = new[] { "starter", "professional", "enterprise" };
var currencies = book.Currencies.ToArray();
var random = new Random(42);
var requests = new QuoteRequest[accounts];
for (var i = 0; i < accounts; i++)
{
    // Seats skewed small like a real customer base, with a tail across every volume band.
    var seats = random.Next(10) < 8 ? random.Next(1, 60) : random.Next(60, 1500);
    requests[i] = new QuoteRequest(
        tiers[random.Next(tiers.Length)], seats, random.Next(2) == 0 ? BillingPeriod.Monthly : BillingPeriod.Annual,
        random.Next(1, 4), currencies[random.Next(currencies.Length)], random.Next(0, 48));
}

long checksum = 0;
void Run(int from, int to)
{
    for (var i = from; i < to; i++)
    {
        var r = requests[i];
        var quote = calculator.Quote(r);
        var path = calculator.PricePath(r.Tier, r.Seats, r.Currency, r.TenureMonths);
        Interlocked.Add(ref checksum, (long)(quote.TotalContractValue.Amount + path.Options[^1].SavingPerYear.Amount));
    }
}

// Two untimed passes so tiered compilation and dynamic PGO have settled before anything is measured.
Run(0, accounts);
Run(0, accounts);

Console.WriteLine($"OfferBench: {accounts:N0} accounts, price book {book.Product} v{book.Version}, {Environment.ProcessorCount} cores, .NET {Environment.Version}");
for (var round = 1; round <= 5; round++)
{
    checksum = 0;
    var allocated = GC.GetAllocatedBytesForCurrentThread();
    var sw = Stopwatch.StartNew();
    Run(0, accounts);
    sw.Stop();
    var bytes = GC.GetAllocatedBytesForCurrentThread() - allocated;
    Report($"1 thread, round {round}", sw.Elapsed, bytes);
}

for (var round = 1; round <= 5; round++)
{
    checksum = 0;
    var allocated = GC.GetTotalAllocatedBytes(precise: true);
    var sw = Stopwatch.StartNew();
    var threads = Environment.ProcessorCount;
    Parallel.For(0, threads, t => Run(accounts * t / threads, accounts * (t + 1) / threads));
    sw.Stop();
    Report($"{threads} threads, round {round}", sw.Elapsed, GC.GetTotalAllocatedBytes(precise: true) - allocated);
}

return 0;

void Report(string label, TimeSpan elapsed, long bytes)
{
    // One account = 1 quote + 1 price path (itself 2 + multi-year terms quotes).
    var quotesPerAccount = 1 + 2 + book.Discounts.TermDiscounts.Count(t => t.Years > 1);
    var perSecond = accounts / elapsed.TotalSeconds;
    Console.WriteLine(
        $"{label,-22} {elapsed.TotalMilliseconds,8:N0} ms  {perSecond,10:N0} accounts/s (quote + price path)  " +
        $"{perSecond * quotesPerAccount,11:N0} quotes/s  {bytes / (double)accounts / 1024,6:N1} KB/account  checksum {checksum}");
}
