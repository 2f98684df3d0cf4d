using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using CrmSuite.PlaybookEngine.Accounts;
using CrmSuite.PlaybookEngine.Offers;

namespace CrmSuite.PlaybookEngine.Tests.Offers;

/// <summary>
/// The proposal as it goes into a renewal packet, built from the shipped price book and offers for a Northwind-like
/// account: nothing internal reaches the customer, every money figure agrees with every other in each format, and the
/// validity date is one date everywhere.
/// </summary>
public sealed partial class ProposalDocumentTests
{
    private static readonly DateOnly Today = new(2026, 11, 24);
    private static readonly string[] ShippedOffers = ["next-tier", "seat-expansion", "renewal-upgrade", "professional-trial", "enterprise-trial"];

    private static readonly OfferCatalog Catalog = new(
        [
            OfferTestData.Parse(File.ReadAllText(Path.Combine(OfferTestData.RepoRoot(), "playbooks", "pricebook.md")), "pricebook.md"),
            OfferTestData.Parse(File.ReadAllText(Path.Combine(OfferTestData.RepoRoot(), "playbooks", "offers.md")), "offers.md"),
        ],
        Today);

    private static readonly Account Northwind = new("acc-northwind", "Northwind Traders", "mid_market", "retail", "adoption", "csm-ana", 48m);

    private static Subscription Subscription(BillingPeriod billing = BillingPeriod.Monthly, int seats = 50, int seatsUsed = 47, decimal mrr = 1250m) =>
        new("sub-northwind", "acc-northwind", "crmsuite", "starter", seats, seatsUsed, billing, 12, new DateOnly(2026, 3, 1), new DateOnly(2027, 3, 1), mrr, "USD", SubscriptionStatus.Active);

    private static UsageSnapshot Usage(int active = 46, decimal minUtilization = 0.86m) =>
        new("acc-northwind", Today, active, 0.64m, 78, 3, 1, 40, minUtilization, 0.08m, 0);

    private static ProposalResult Build(string? offerId, Subscription? s = null, UsageSnapshot? usage = null, int? validDays = null, Account? account = null)
    {
        s ??= Subscription();
        usage ??= Usage();
        account ??= Northwind;
        return new ProposalBuilder(Catalog).Build(account, s, usage, OfferTestData.Signals(account, s, usage), offerId, Today, validDays: validDays);
    }

    public static TheoryData<string, BillingPeriod> EveryOfferAndBilling()
    {
        var data = new TheoryData<string, BillingPeriod>();
        foreach (var offer in ShippedOffers)
        {
            data.Add(offer, BillingPeriod.Monthly);
            data.Add(offer, BillingPeriod.Annual);
        }

        return data;
    }

    // ---- 1. Nothing internal reaches the customer ----

    [Theory]
    [MemberData(nameof(EveryOfferAndBilling))]
    public void Customer_document_carries_no_ids_signal_names_price_book_version_or_sales_reasoning(string offerId, BillingPeriod billing)
    {
        var p = Build(offerId, Subscription(billing)).Proposal!;
        using var json = JsonDocument.Parse(ProposalJsonRenderer.Render(p));
        var customerJson = string.Join("\n", json.RootElement.EnumerateObject().Where(x => x.Name != "internal").Select(x => x.Value.GetRawText()));

        foreach (var (format, text) in new[] { ("md", ProposalMarkdownRenderer.Render(p)), ("html", ProposalHtmlRenderer.Render(p)), ("json", customerJson) })
        {
            foreach (var id in new[] { p.OfferId, p.AccountId, "sub-northwind", "requested offer", "Why now:", "has outgrown", "propose ", "price book v", "version 3", "mid_market", p.Reason })
            {
                Assert.False(text.Contains(id, StringComparison.Ordinal), $"{format} of {offerId} contains internal `{id}`");
            }

            foreach (var signal in Signals.SignalCatalog.Default.Names.Where(n => n.Contains('_', StringComparison.Ordinal) || n is "mrr" or "nps"))
            {
                Assert.DoesNotMatch($@"\b{signal}\b", text);
            }

            // Tier ids (lower case) never appear: the document says "CrmSuite Starter", not "starter".
            Assert.DoesNotMatch(@"\b(starter|professional|enterprise)\b", text.Replace("CrmSuite Professional", "", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Internal_reasoning_stays_available_in_the_json_internal_section()
    {
        var p = Build("next-tier").Proposal!;
        using var json = JsonDocument.Parse(ProposalJsonRenderer.Render(p));
        var inside = json.RootElement.GetProperty("internal");

        Assert.Equal("next-tier", inside.GetProperty("offer_id").GetString());
        Assert.Equal("acc-northwind", inside.GetProperty("account_id").GetString());
        Assert.Equal(("starter", "professional", 3), (inside.GetProperty("from_tier").GetString(), inside.GetProperty("to_tier").GetString(), inside.GetProperty("price_book_version").GetInt32()));
        Assert.Equal(p.Reason, inside.GetProperty("reason").GetString());
    }

    [Fact]
    public void Why_now_is_told_in_the_customers_own_numbers()
    {
        var md = ProposalMarkdownRenderer.Render(Build("next-tier").Proposal!);

        Assert.Contains("## Why now", md);
        Assert.Contains("- Your team uses 64% of the key features of CrmSuite Starter.", md);
        Assert.Contains("- 47 of your 50 seats are assigned and 46 people used CrmSuite in the last 30 days.", md);
        Assert.Contains("- CrmSuite Professional adds workflow automation, forecasting and custom fields, for the work your team already does in CrmSuite.", md);
    }

    // ---- 2. Every figure agrees with every other ----

    [Theory]
    [MemberData(nameof(EveryOfferAndBilling))]
    public void Markdown_figures_agree_yearly_is_twelve_monthly_and_difference_is_proposed_minus_current(string offerId, BillingPeriod billing)
    {
        var s = Subscription(billing);
        var md = ProposalMarkdownRenderer.Render(Build(offerId, s).Proposal!);
        var costs = Table(md, "### What it costs");

        var current = (Month: Amount(costs[0][4]), Year: Amount(costs[0][5]));
        var proposed = (Month: Amount(costs[1][4]), Year: Amount(costs[1][5]));
        var difference = (Month: Amount(costs[2][4]), Year: Amount(costs[2][5]));

        Assert.Equal(1250.00m, current.Month); // what the customer pays today, from its MRR
        Assert.Equal(12 * current.Month, current.Year);
        Assert.Equal(12 * proposed.Month, proposed.Year);
        Assert.Equal(proposed.Month - current.Month, difference.Month);
        Assert.Equal(proposed.Year - current.Year, difference.Year);

        // The situation states today's price with the same figures.
        Assert.Contains($"{current.Month:N2} USD a month", md);
        Assert.Contains($"{current.Year:N2} USD a year", md);

        // The price path row at today's billing costs what the proposal says per year.
        var path = Table(md, "### Price path");
        var sameBilling = path.Single(r => r[0] == (billing == BillingPeriod.Annual ? "Annual" : "Monthly"));
        Assert.Equal(proposed.Year, Amount(sameBilling[3]));
        Assert.Equal(billing == BillingPeriod.Annual ? proposed.Year : proposed.Month, Amount(sameBilling[2]));

        // The ROI's added cost is the same difference per year, in both cases; net = value − added cost.
        var roi = Table(md, "## Expected impact");
        foreach (var column in new[] { 1, 2 })
        {
            var added = Amount(roi.Single(r => r[0] == "Added cost per year")[column]);
            Assert.Equal(difference.Year, added);
            Assert.Equal(Amount(roi.Single(r => r[0] == "Value per year")[column]) - added, Amount(roi.Single(r => r[0] == "Net benefit per year")[column]));
        }

        // A mid-term switch credits today's price for the unused days and charges the proposal's, due = charge − credit.
        if (md.Contains("### If you switch today", StringComparison.Ordinal))
        {
            var proration = Table(md, "### If you switch today");
            var days = ProrationDays().Match(proration[0][0]);
            var (remaining, inPeriod) = (int.Parse(days.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(days.Groups[2].Value, CultureInfo.InvariantCulture));
            var currentPeriod = billing == BillingPeriod.Annual ? current.Year : current.Month;
            Assert.Equal(Math.Round(currentPeriod * remaining / inPeriod, 2, MidpointRounding.AwayFromZero), -Amount(proration[0][1]));
            Assert.Equal(Amount(proration[1][1]) + Amount(proration[0][1]), Amount(proration[2][1]));
        }
    }

    [Fact]
    public void A_message_variant_s_cover_message_opens_the_html_as_plain_text_and_control_adds_nothing()
    {
        var p = Build("next-tier", Subscription()).Proposal!;

        var html = ProposalHtmlRenderer.Render(p, "Hi <b>team</b> & friends, [Renew](https://x.example)");

        Assert.Contains("<p class=\"cover-message\">Hi &lt;b&gt;team&lt;/b&gt; &amp; friends, [Renew](https://x.example)</p>", html, StringComparison.Ordinal);
        Assert.True(html.IndexOf("cover-message", StringComparison.Ordinal) < html.IndexOf("<h1", StringComparison.Ordinal), "the cover message comes first");
        Assert.Equal(ProposalHtmlRenderer.Render(p), ProposalHtmlRenderer.Render(p, null));
        Assert.DoesNotContain("cover-message", ProposalHtmlRenderer.Render(p), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(EveryOfferAndBilling))]
    public void Html_states_exactly_the_money_figures_of_the_markdown(string offerId, BillingPeriod billing)
    {
        var p = Build(offerId, Subscription(billing)).Proposal!;

        var fromMarkdown = Figures(ProposalMarkdownRenderer.Render(p));
        var fromHtml = Figures(System.Net.WebUtility.HtmlDecode(Tags().Replace(ProposalHtmlRenderer.Render(p), " ")));

        Assert.NotEmpty(fromMarkdown);
        Assert.Equal(fromMarkdown.Order(), fromHtml.Order());
    }

    [Theory]
    [MemberData(nameof(EveryOfferAndBilling))]
    public void Json_figures_agree_with_each_other_and_with_every_figure_of_the_markdown(string offerId, BillingPeriod billing)
    {
        var p = Build(offerId, Subscription(billing)).Proposal!;
        using var json = JsonDocument.Parse(ProposalJsonRenderer.Render(p));
        var root = json.RootElement;
        var f = root.GetProperty("figures");
        decimal M(JsonElement e, string name) => e.GetProperty(name).GetProperty("amount").GetDecimal();

        Assert.Equal(1250.00m, M(f, "current_per_month"));
        Assert.Equal(12 * M(f, "current_per_month"), M(f, "current_per_year"));
        Assert.Equal(12 * M(f, "proposed_per_month"), M(f, "proposed_per_year"));
        Assert.Equal(M(f, "proposed_per_month") - M(f, "current_per_month"), M(f, "difference_per_month"));
        Assert.Equal(M(f, "proposed_per_year") - M(f, "current_per_year"), M(f, "difference_per_year"));
        Assert.Equal(M(f, "difference_per_year"), M(root.GetProperty("roi"), "annual_incremental_cost"));

        var sameBilling = root.GetProperty("price_path").GetProperty("options")[billing == BillingPeriod.Annual ? 1 : 0].GetProperty("quote");
        Assert.Equal(billing.ToString().ToLowerInvariant(), sameBilling.GetProperty("billing").GetString());
        Assert.Equal(M(f, "proposed_per_year"), M(sameBilling, "annual_cost"));
        Assert.True(sameBilling.TryGetProperty("annual_list_cost", out _));
        if (root.GetProperty("proration") is { ValueKind: JsonValueKind.Object } proration)
        {
            Assert.Equal(M(f, "current_per_period"), M(proration, "current_period_price"));
            Assert.Equal(M(proration, "charge") - M(proration, "credit"), M(proration, "amount_due"));
        }

        // Money as { amount, currency }, and money inside text (an ROI assumption's value such as "48.00 USD").
        var inJson = Amounts().Matches(root.GetRawText()).Select(m => Math.Abs(decimal.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)))
            .Concat(Figures(root.GetRawText()).Select(Math.Abs)).ToHashSet();
        foreach (var figure in Figures(ProposalMarkdownRenderer.Render(p)))
        {
            Assert.Contains(Math.Abs(figure), inJson);
        }
    }

    [Theory]
    [MemberData(nameof(EveryOfferAndBilling))]
    public void Every_money_figure_of_the_markdown_comes_from_the_proposal_defined_figures(string offerId, BillingPeriod billing)
    {
        var p = Build(offerId, Subscription(billing)).Proposal!;
        var f = p.Figures;
        var defined = new List<Money>
        {
            f.CurrentPerMonth, f.CurrentPerYear, f.ProposedPerMonth, f.ProposedPerYear, f.DifferencePerMonth, f.DifferencePerYear,
            new(48m, "USD"), // the account's own hourly cost, an ROI input
        };
        foreach (var o in p.PricePath.Options)
        {
            var q = o.Quote;
            defined.AddRange([q.NetPerSeatPerMonth, q.NetPerPeriod, q.AnnualCost, q.TotalContractValue, o.SavingPerYear, .. q.Lines.Select(l => l.PerSeatPerMonth)]);
        }

        if (p.Proration is { } x)
        {
            defined.AddRange([-x.Credit, x.Charge, x.AmountDue]);
        }

        if (p.Roi is { } r)
        {
            defined.AddRange([r.AnnualValue, r.AnnualIncrementalCost, r.NetBenefit, r.ConservativeAnnualValue, r.ConservativeNetBenefit]);
        }

        var allowed = defined.Select(m => m.Amount).ToHashSet();
        foreach (var figure in Figures(ProposalMarkdownRenderer.Render(p)))
        {
            Assert.True(allowed.Contains(figure), $"{figure} USD in the {offerId} document is none of the proposal's figures");
        }
    }

    [Fact]
    public void Plain_renewal_is_priced_from_what_the_customer_pays_today_not_the_price_book()
    {
        // Northwind pays 1,250.00 a month; the price book's starter price for 50 seats would be 14.25 × 50 = 712.50.
        var p = Build("renewal-upgrade").Proposal!;
        var costs = Table(ProposalMarkdownRenderer.Render(p), "### What it costs");

        Assert.Equal("Plain renewal: what you pay today", costs[0][0]);
        Assert.Equal((1250.00m, 15000.00m), (Amount(costs[0][4]), Amount(costs[0][5])));
        Assert.Equal((1250.00m, 15000.00m), (p.Figures.CurrentPerMonth.Amount, p.Figures.CurrentPerYear.Amount));
        Assert.Equal(p.Figures.DifferencePerYear, p.Roi!.AnnualIncrementalCost);
    }

    // ---- 3. A seat expansion adds seats or is not made ----

    [Fact]
    public void Seat_expansion_is_declined_with_a_reason_when_no_seats_would_be_added()
    {
        // 20 people use 50 seats: 20 × 1.15 = 23 seats needed, fewer than the 50 licensed.
        var result = Build("seat-expansion", Subscription(seatsUsed: 20), Usage(active: 20, minUtilization: 0.4m));

        Assert.Null(result.Proposal);
        Assert.False(result.HasErrors);
        Assert.StartsWith("no seats to add", result.Decision.Reason);
        Assert.Contains("has 50", result.Decision.Reason);
    }

    [Fact]
    public void Seat_expansion_is_made_when_it_adds_seats()
    {
        var p = Build("seat-expansion").Proposal!;

        Assert.True(p.ToSeats > p.FromSeats, $"{p.FromSeats} -> {p.ToSeats}");
    }

    // ---- 5. One validity date ----

    [Fact]
    public void Playbook_valid_days_set_the_expiry_when_given_and_the_offer_valid_days_otherwise()
    {
        Assert.Equal(Today.AddDays(45), Build("renewal-upgrade", validDays: 45).Proposal!.ValidUntil);
        Assert.Equal(Today.AddDays(60), Build("renewal-upgrade").Proposal!.ValidUntil); // offers.md: valid_days 60
        Assert.Equal(Today.AddDays(30), Build("next-tier").Proposal!.ValidUntil);
    }

    [Fact]
    public void Renewal_upgrade_never_stays_valid_beyond_the_renewal_date()
    {
        var s = Subscription() with { RenewalDate = Today.AddDays(20) };

        Assert.Equal(Today.AddDays(20), Build("renewal-upgrade", s, validDays: 45).Proposal!.ValidUntil);
    }

    [Fact]
    public void Document_json_and_the_validity_rule_show_the_same_date()
    {
        var p = Build("renewal-upgrade", validDays: 45).Proposal!;
        var offer = Catalog.Offers.Single(o => o.Id == "renewal-upgrade");
        var rule = ProposalValidity.Until(offer, Today, 45, new DateOnly(2027, 3, 1));
        using var json = JsonDocument.Parse(ProposalJsonRenderer.Render(p));
        var md = ProposalMarkdownRenderer.Render(p);

        Assert.Equal(rule, p.ValidUntil);
        Assert.Equal($"{rule:yyyy-MM-dd}", json.RootElement.GetProperty("valid_until").GetString());
        Assert.Equal($"{rule:yyyy-MM-dd}", json.RootElement.GetProperty("internal").GetProperty("valid_until").GetString());
        var dates = IsoDates().Matches(md).Select(m => m.Value).Where(d => string.CompareOrdinal(d, $"{Today:yyyy-MM-dd}") > 0 && md.Contains($"until {d}", StringComparison.Ordinal)).Distinct();
        Assert.Equal([$"{rule:yyyy-MM-dd}"], dates);
    }

    [Fact]
    public void Valid_days_below_one_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Build("next-tier", validDays: 0));
    }

    // ---- helpers ----

    /// <summary>The body rows of the first table after <paramref name="heading"/>, each as trimmed cells without the bold marks.</summary>
    private static List<string[]> Table(string md, string heading)
    {
        var lines = md[md.IndexOf(heading, StringComparison.Ordinal)..].Split('\n');
        return [.. lines.SkipWhile(l => !l.StartsWith('|')).TakeWhile(l => l.StartsWith('|')).Skip(2)
            .Select(l => l.Trim('|').Split('|').Select(c => c.Replace("**", "", StringComparison.Ordinal).Trim()).ToArray())];
    }

    private static decimal Amount(string cell)
    {
        var m = MoneyText().Match(cell);
        Assert.True(m.Success, $"no money in `{cell}`");
        var value = decimal.Parse(m.Groups[2].Value.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);
        return m.Groups[1].Value is "-" or "−" ? -value : value;
    }

    private static List<decimal> Figures(string text) =>
        [.. MoneyText().Matches(text).Select(m => Amount(m.Value))];

    [GeneratedRegex(@"([+\-−]?)(\d[\d,]*(?:\.\d+)?) USD")]
    private static partial Regex MoneyText();

    [GeneratedRegex(@"the (\d+) unused days of (\d+)")]
    private static partial Regex ProrationDays();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"""amount"": (-?\d+(?:\.\d+)?)")]
    private static partial Regex Amounts();

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}")]
    private static partial Regex IsoDates();
}
