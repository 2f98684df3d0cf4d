using CrmSuite.PlaybookEngine.Accounts;
using CrmSuite.PlaybookEngine.Offers;
using CrmSuite.PlaybookEngine.Signals;

namespace CrmSuite.PlaybookEngine.Tests.Offers;

/// <summary>A small price book and offers file whose figures the tests compute by hand, plus account builders.</summary>
internal static class OfferTestData
{
    public static readonly DateOnly Today = new(2026, 11, 24);

    public const string PriceBookText = """
        ---
        kind: pricebook
        product: crmsuite
        version: 3
        status: approved
        effective_from: 2026-01-01
        currencies: [USD, JPY]
        annual_discount: 15%
        term_discounts:
          - { years: 1, discount: 0% }
          - { years: 2, discount: 5% }
          - { years: 3, discount: 10% }
        volume_bands:
          - { from: 1, to: 49, discount: 0% }
          - { from: 50, to: 249, discount: 5% }
          - { from: 250, discount: 10% }
        loyalty: { min_term_years: 2, min_tenure_months: 12, discount: 3% }
        roi:
          working_weeks_per_year: 46
          hourly_cost:
            smb: { USD: 40, JPY: 5000 }
        tiers:
          - name: free
            list_price: { USD: 0, JPY: 0 }
            minimum_seats: 1
            limits: { seats: 5, support: community }
          - name: starter
            list_price: { USD: 15, JPY: 2200 }
            minimum_seats: 3
            limits: { seats: 50, support: email }
            value_drivers:
              - { name: Shared pipelines, hours_per_user_per_week: 0.5 }
          - name: professional
            list_price: { USD: 45, JPY: 6500 }
            minimum_seats: 5
            limits: { seats: 500, support: chat }
            value_drivers:
              - { name: Shared pipelines, hours_per_user_per_week: 0.5 }
              - { name: Workflow automation, hours_per_user_per_week: 2 }
          - name: enterprise
            list_price: { USD: 90, JPY: 13000 }
            minimum_seats: 25
            limits: { seats: unlimited, support: phone }
        ---
        Test price book.
        """;

    public const string OffersText = """
        ---
        kind: offers
        product: crmsuite
        offers:
          - { id: next-tier, kind: next_tier, title: Next tier, status: approved, effective_from: 2026-01-01, seat_headroom: 15% }
          - { id: professional-trial, kind: trial, title: Try Professional, status: approved, effective_from: 2026-01-01, tier: professional, trial_days: 14 }
          - { id: enterprise-trial, kind: trial, title: Try Enterprise, status: approved, effective_from: 2026-01-01, tier: enterprise, trial_days: 30 }
          - { id: renewal-upgrade, kind: renewal_upgrade, title: Renewal upgrade, status: approved, effective_from: 2026-01-01, seat_headroom: 10%, valid_days: 60 }
          - { id: seat-expansion, kind: seat_expansion, title: More seats, status: approved, effective_from: 2026-01-01, seat_headroom: 15% }
          - { id: healthcare-bundle, kind: add_on, title: Healthcare bundle, status: approved, effective_from: 2026-01-01, audience: { industry: healthcare }, add_on_price: { USD: 8, JPY: 1200 }, value_drivers: [{ name: Compliance, hours_per_user_per_week: 0.5 }] }
          - { id: draft-offer, kind: next_tier, title: Draft, status: draft, effective_from: 2026-01-01 }
          - { id: retired-offer, kind: next_tier, title: Retired, status: retired, effective_from: 2025-01-01, effective_to: 2025-12-31 }
          - { id: future-offer, kind: next_tier, title: Future, status: approved, effective_from: 2027-01-01 }
          - { id: expired-offer, kind: next_tier, title: Expired, status: approved, effective_from: 2026-01-01, effective_to: 2026-06-30 }
        ---
        """;

    public static PriceBook Book() => Parse(PriceBookText, "pricebook.md").PriceBook!;

    public static PriceCalculator Calculator() => new(Book());

    public static OfferCatalog Catalog(DateOnly? today = null) =>
        new([Parse(PriceBookText, "pricebook.md"), Parse(OffersText, "offers.md")], today ?? Today);

    public static PriceBookParseResult Parse(string text, string path)
    {
        var result = PriceBookParser.Parse(text, path);
        Assert.True(result.Diagnostics.Count == 0 || result.HasErrors, string.Join("\n", result.Diagnostics));
        return result;
    }

    public static Account Account(string segment = "smb", string industry = "software", decimal? hourlyCost = null) =>
        new("acc-1", "Acme", segment, industry, "expansion", "csm-1", hourlyCost);

    public static Subscription Subscription(
        string tier = "starter", int seats = 10, int seatsUsed = 10, BillingPeriod billing = BillingPeriod.Monthly,
        decimal mrr = 150m, string currency = "USD", DateOnly? start = null, DateOnly? renewal = null) =>
        new("sub-1", "acc-1", "crmsuite", tier, seats, seatsUsed, billing, 12, start ?? new DateOnly(2025, 3, 10),
            renewal ?? new DateOnly(2027, 9, 10), mrr, currency, SubscriptionStatus.Active);

    public static UsageSnapshot Usage(
        int active = 10, decimal adoption = 0.5m, decimal minUtilization = 0.5m, int health = 80, int healthChange = 0, int openTickets = 0) =>
        new("acc-1", Today.AddDays(-1), active, adoption, health, healthChange, openTickets, 30, minUtilization, 0.05m, 1);

    public static SignalVector Signals(Account account, Subscription subscription, UsageSnapshot? usage) =>
        SignalComputer.Compute(account, subscription, usage, Today);

    /// <summary>The 1-based line of the first line of <paramref name="text"/> that contains <paramref name="snippet"/>.</summary>
    public static int LineOf(string text, string snippet)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Contains(snippet, StringComparison.Ordinal))
            {
                return i + 1;
            }
        }

        throw new InvalidOperationException($"'{snippet}' not in text");
    }

    /// <summary>The repository root (the folder holding CrmSuite.sln), for tests of the shipped files.</summary>
    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CrmSuite.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("CrmSuite.sln not found above the test folder");
    }
}
