using System.Collections.Immutable;

namespace CrmSuite.PlaybookEngine.Offers;

/// <summary>One assumption behind an ROI figure: what it is, its value, and where the value comes from.</summary>
/// <param name="Name">The input, e.g. <c>Hourly cost of a user</c>.</param>
/// <param name="Value">Its value as shown to the customer.</param>
/// <param name="Source">Where it comes from: the account's own data, or the price book's published estimates.</param>
/// <param name="IsEstimate">True when the value is not the customer's own figure but an estimate (a price book default or an assumed rate).</param>
public sealed record RoiAssumption(string Name, string Value, string Source, bool IsEstimate);

/// <summary>
/// A return-on-investment estimate built from the account's own numbers, beside a conservative case that counts only
/// <see cref="ConservativeShare"/> of the estimated benefit. <see cref="Assumptions"/> lists every input with its source,
/// estimates marked as such, so a CSM can defend each figure.
/// </summary>
/// <param name="HoursSavedPerYear">Hours the upgrade saves per year across the account's users.</param>
/// <param name="AnnualValue">Hours saved × hourly cost, rounded to minor units.</param>
/// <param name="AnnualIncrementalCost">The proposal's difference per year (<see cref="ProposalFigures.DifferencePerYear"/>).</param>
/// <param name="NetBenefit">Annual value less incremental cost.</param>
/// <param name="PaybackMonths">Months of value that pay the incremental cost (one decimal, rounded up); 0 when the cost does not rise; null when there is no value.</param>
/// <param name="ConservativeAnnualValue">The conservative case: <see cref="ConservativeShare"/> × the annual value, rounded to minor units.</param>
/// <param name="ConservativeNetBenefit">Conservative annual value less incremental cost.</param>
/// <param name="ConservativePaybackMonths">Payback of the conservative case, by the same rule as <paramref name="PaybackMonths"/>.</param>
/// <param name="Assumptions">Every input with its source.</param>
public sealed record RoiEstimate(
    decimal HoursSavedPerYear,
    Money AnnualValue,
    Money AnnualIncrementalCost,
    Money NetBenefit,
    decimal? PaybackMonths,
    Money ConservativeAnnualValue,
    Money ConservativeNetBenefit,
    decimal? ConservativePaybackMonths,
    ImmutableArray<RoiAssumption> Assumptions)
{
    /// <summary>The share of the estimated benefit the conservative case counts: one half.</summary>
    public const decimal ConservativeShare = 0.5m;
}
