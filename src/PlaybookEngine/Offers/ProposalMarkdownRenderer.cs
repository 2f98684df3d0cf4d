using System.Text;

namespace CrmSuite.PlaybookEngine.Offers;

/// <summary>Renders a <see cref="Proposal"/> as Markdown: the document a CSM sends, readable as text and as HTML.</summary>
public static class ProposalMarkdownRenderer
{
    /// <summary>The proposal as a Markdown document.</summary>
    public static string Render(Proposal proposal)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        var p = proposal;
        var md = new StringBuilder();
        md.Append("# ").Append(Escape(p.Title)).Append(" — ").Append(Escape(p.AccountName)).Append("\n\n");
        md.Append($"*Prepared on {p.IssuedOn:yyyy-MM-dd}, valid until {p.ValidUntil:yyyy-MM-dd}. Prices from price book version {p.PriceBookVersion}, in {p.Currency}, before tax. No other fees apply.*\n\n");

        Section(md, "Where you are today", p.Situation);
        Section(md, $"What {p.ToTier} brings you", p.Outcomes);

        md.Append("## The proposal\n\n");
        md.Append(p.Kind == OfferKind.Trial
            ? $"A {p.TrialDays}-day trial of **{p.ToTier}** for your {p.ToSeats} seats, free of charge. If you then choose to stay, these prices apply:\n\n"
            : $"From **{p.FromTier}, {p.FromSeats} seats** to **{p.ToTier}, {p.ToSeats} seats**.\n\n");

        PricePathTable(md, p.PricePath);
        if (p.PlainRenewal is { } renewal)
        {
            RenewalComparison(md, p, renewal);
        }

        if (p.Proration is { } proration)
        {
            ProrationTable(md, proration);
        }

        Roi(md, p);
        md.Append("## Your choice\n\n").Append(p.CallToAction).Append("\n\n");
        md.Append($"*Why now: {Escape(p.Reason)}.*\n");
        return md.ToString();
    }

    private static void Section(StringBuilder md, string heading, IEnumerable<string> lines)
    {
        md.Append("## ").Append(heading).Append("\n\n");
        foreach (var line in lines)
        {
            md.Append("- ").Append(Escape(line)).Append('\n');
        }

        md.Append('\n');
    }

    private static void PricePathTable(StringBuilder md, PricePath path)
    {
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

        md.Append($"\nAll options are for {path.Seats} seats of {path.Tier}.");
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

    private static void RenewalComparison(StringBuilder md, Proposal p, Quote renewal)
    {
        var same = p.PricePath.Options.First(o => o.Quote.Billing == renewal.Billing && o.Quote.Request.TermYears == 1).Quote;
        md.Append("### Renewal: like for like\n\n| | Plan | Seats | Per seat per month | Per year |\n|---|---|---:|---:|---:|\n");
        md.Append($"| Plain renewal | {p.FromTier} | {renewal.BilledSeats} | {renewal.NetPerSeatPerMonth} | {renewal.AnnualCost} |\n");
        md.Append($"| Renewal with upgrade | {p.ToTier} | {same.BilledSeats} | {same.NetPerSeatPerMonth} | {same.AnnualCost} |\n\n");
        md.Append($"Both rows use the same billing ({renewal.Billing.ToString().ToLowerInvariant()}) and a one-year term; the difference is {same.AnnualCost - renewal.AnnualCost} a year.\n\n");
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
            md.Append($"No ROI estimate: {Escape(p.RoiUnavailable ?? "not available")}.\n\n");
            return;
        }

        var payback = roi.PaybackMonths is { } months ? $"{months:0.#} months" : "not reached by the estimated value";
        md.Append($"| | |\n|---|---:|\n| Hours saved per year | {roi.HoursSavedPerYear:0.#} |\n| Value per year | {roi.AnnualValue} |\n");
        md.Append($"| Added cost per year | {roi.AnnualIncrementalCost} |\n| Net benefit per year | {roi.NetBenefit} |\n| Payback | {payback} |\n\n");
        md.Append("Assumptions, from your own numbers wherever we have them:\n\n| Assumption | Value | Source |\n|---|---|---|\n");
        foreach (var a in roi.Assumptions)
        {
            md.Append($"| {Escape(a.Name)} | {Escape(a.Value)} | {Escape(a.Source)} |\n");
        }

        md.Append('\n');
    }

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
