using System.Text;
using CrmSuite.PlaybookEngine.Accounts;

namespace CrmSuite.PlaybookEngine.Offers;

/// <summary>
/// Renders a <see cref="Proposal"/> as Markdown: the customer's document a CSM sends, readable as text and as HTML. It
/// carries no internal ids, signal names, price book version or next-best-offer reasoning, and every money figure in
/// it comes from the proposal's <see cref="ProposalFigures"/>, price path, proration or ROI, so the figures agree.
/// </summary>
public static class ProposalMarkdownRenderer
{
    /// <summary>The proposal as a Markdown document.</summary>
    public static string Render(Proposal proposal)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        var p = proposal;
        var md = new StringBuilder();
        md.Append("# ").Append(Escape(p.Title)).Append(" — ").Append(Escape(p.AccountName)).Append("\n\n");
        md.Append($"*Prepared on {p.IssuedOn:yyyy-MM-dd}, valid until {p.ValidUntil:yyyy-MM-dd}. Prices in {p.Currency}, before tax. No other fees apply.*\n\n");

        Section(md, "Where you are today", p.Situation);
        Section(md, "Why now", p.WhyNow);
        Section(md, "What you get", p.Outcomes);

        md.Append("## The proposal\n\n");
        md.Append(p.Kind == OfferKind.Trial
            ? $"A {p.TrialDays}-day trial of **{p.ToTierTitle}** for your {p.ToSeats} seats, free of charge. If you then choose to stay, these prices apply:\n\n"
            : $"From **{p.FromTierTitle}, {p.FromSeats} seats** to **{p.ToTierTitle}, {p.ToSeats} seats**.\n\n");

        Costs(md, p);
        PricePathTable(md, p);
        if (p.Proration is { } proration)
        {
            ProrationTable(md, proration);
        }

        Roi(md, p);
        md.Append("## Your choice\n\n").Append(p.CallToAction).Append('\n');
        return md.ToString();
    }

    /// <summary>Today's price, the proposal at the same billing, and the difference: the figures every other part agrees with.</summary>
    private static void Costs(StringBuilder md, Proposal p)
    {
        var f = p.Figures;
        var (today, proposed) = p.Kind switch
        {
            OfferKind.RenewalUpgrade => ("Plain renewal: what you pay today", "Renewal with the upgrade"),
            OfferKind.Trial => ("Today", "After the trial, if you stay"),
            _ => ("Today", "Proposed"),
        };
        md.Append("### What it costs\n\n| | Plan | Seats | Billed | Per month | Per year |\n|---|---|---:|---|---:|---:|\n");
        md.Append($"| {today} | {p.FromTierTitle} | {p.FromSeats} | {Billed(f.CurrentBilling)} | {f.CurrentPerMonth} | {f.CurrentPerYear} |\n");
        md.Append($"| {proposed} | {p.ToTierTitle} | {p.PricePath.Seats} | {Billed(f.ProposedBilling)} | {f.ProposedPerMonth} | {f.ProposedPerYear} |\n");
        md.Append($"| **Difference** | | | | **{Signed(f.DifferencePerMonth)}** | **{Signed(f.DifferencePerYear)}** |\n\n");
        md.Append(p.Kind == OfferKind.RenewalUpgrade
            ? "Both rows are billed the same way for a one-year term, so you compare like with like; the plain renewal continues what you pay today.\n\n"
            : "The proposal is priced at the billing you have today; the price path below shows what other billing and longer terms save.\n\n");
    }

    private static string Billed(BillingPeriod billing) => billing == BillingPeriod.Annual ? "annually" : "monthly";

    /// <summary>A difference with its sign: <c>+973.00 USD</c>, <c>-120.00 USD</c>, <c>0.00 USD</c>.</summary>
    internal static string Signed(Money amount) => amount.Amount > 0 ? $"+{amount}" : amount.ToString();

    private static void Section(StringBuilder md, string heading, IEnumerable<string> lines)
    {
        md.Append("## ").Append(heading).Append("\n\n");
        foreach (var line in lines)
        {
            md.Append("- ").Append(Escape(line)).Append('\n');
        }

        md.Append('\n');
    }

    private static void PricePathTable(StringBuilder md, Proposal p)
    {
        var path = p.PricePath;
        md.Append("### Price path\n\n");
        md.Append("| Option | Per seat per month | Billed | Per year | Saving vs monthly | Total contract value |\n");
        md.Append("|---|---:|---:|---:|---:|---:|\n");
        foreach (var o in path.Options)
        {
            var q = o.Quote;
            var billed = q.MonthsPerPeriod == 12 ? $"{q.NetPerPeriod} a year" : $"{q.NetPerPeriod} a month";
            var saving = o.SavingPerYear.Amount == 0 ? "—" : $"{o.SavingPerYear} a year ({o.SavingRate:0.0%})";
            md.Append($"| {o.Label} | {q.NetPerSeatPerMonth} | {billed} | {q.AnnualCost} | {saving} | {q.TotalContractValue} |\n");
        }

        md.Append($"\nAll options are for {path.Seats} seats of {p.ToTierTitle}.");
        if (path.Monthly.Quote.SeatRule is { } rule)
        {
            md.Append($" ({rule})");
        }

        md.Append("\n\n### How each price is built\n\n| Option | Components per seat per month |\n|---|---|\n");
        foreach (var o in path.Options)
        {
            var parts = o.Quote.Lines.Select(l => l.Kind == QuoteLineKind.Anchor
                ? $"{l.Label} {l.PerSeatPerMonth}"
                : $"{l.Label} {l.Rate:0.0%} ({l.Rule}) {l.PerSeatPerMonth}");
            md.Append($"| {o.Label} | {string.Join("; ", parts)} = **{o.Quote.NetPerSeatPerMonth}** |\n");
        }

        md.Append('\n');
    }

    private static void ProrationTable(StringBuilder md, Proration x)
    {
        md.Append("### If you switch today\n\n| | Amount |\n|---|---:|\n");
        md.Append($"| Credit for the {x.DaysRemaining} unused days of {x.DaysInPeriod} in your current period ({x.PeriodStart:yyyy-MM-dd} to {x.PeriodEnd.AddDays(-1):yyyy-MM-dd}) | −{x.Credit} |\n");
        md.Append(x.CycleRestarts
            ? $"| New plan, a full billing period from {x.ChangeDate:yyyy-MM-dd} | {x.Charge} |\n"
            : $"| New plan for the same {x.DaysRemaining} days | {x.Charge} |\n");
        md.Append($"| **Due on {x.ChangeDate:yyyy-MM-dd}** | **{x.AmountDue}** |\n\n");
        md.Append($"Prorated by day; next billing date {x.NextBillingDate:yyyy-MM-dd}.\n\n");
    }

    private static void Roi(StringBuilder md, Proposal p)
    {
        md.Append("## Expected impact\n\n");
        if (p.Roi is not { } roi)
        {
            md.Append($"No estimate of the return yet: {Escape(p.RoiUnavailable ?? "not available")}.\n\n");
            return;
        }

        var share = RoiEstimate.ConservativeShare;
        md.Append($"| | Estimate | Conservative case ({share:0%} of the estimated benefit) |\n|---|---:|---:|\n");
        md.Append($"| Hours saved per year | {roi.HoursSavedPerYear:#,0.##} | {roi.HoursSavedPerYear * share:#,0.##} |\n");
        md.Append($"| Value per year | {roi.AnnualValue} | {roi.ConservativeAnnualValue} |\n");
        md.Append($"| Added cost per year | {roi.AnnualIncrementalCost} | {roi.AnnualIncrementalCost} |\n");
        md.Append($"| Net benefit per year | {roi.NetBenefit} | {roi.ConservativeNetBenefit} |\n");
        md.Append($"| Payback | {Payback(roi.PaybackMonths)} | {Payback(roi.ConservativePaybackMonths)} |\n\n");
        md.Append("The added cost per year is the difference per year under *What it costs*. ");
        md.Append(roi.Assumptions.Any(a => a.IsEstimate)
            ? "Inputs marked *estimate* are CrmSuite's published figures, not your data; the conservative case counts only half of the benefit they suggest.\n\n"
            : "Every input is your own figure; the conservative case counts only half of the estimated benefit.\n\n");
        md.Append("| Assumption | Value | Source |\n|---|---|---|\n");
        foreach (var a in roi.Assumptions)
        {
            md.Append($"| {Escape(a.Name)} | {Escape(a.Value)}{(a.IsEstimate ? " *(estimate)*" : "")} | {Escape(a.Source)} |\n");
        }

        md.Append('\n');
    }

    private static string Payback(decimal? months) => months is { } m ? $"{m:0.#} months" : "not reached by the estimated value";

    /// <summary>Escapes account-supplied text so it renders literally in Markdown and inside table cells.</summary>
    internal static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '\\' or '`' or '*' or '_' or '[' or ']' or '<' or '>' or '|' or '#')
            {
                sb.Append('\\');
            }

            sb.Append(c is '\n' or '\r' ? ' ' : c);
        }

        return sb.ToString();
    }
}
