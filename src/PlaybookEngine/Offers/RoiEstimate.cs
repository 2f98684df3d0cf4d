using System.Collections.Immutable;

namespace CrmSuite.PlaybookEngine.Offers;

/// <summary>One assumption behind an ROI figure: what it is, its value, and where the value comes from.</summary>
/// <param name="Name">The input, e.g. <c>Hourly cost of a user</c>.</param>
/// <param name="Value">Its value as shown to the customer.</param>
/// <param name="Source">Where it comes from: the account's own data, or the price book's defaults.</param>
public sealed record RoiAssumption(string Name, string Value, string Source);

/// <summary>
/// A return-on-investment estimate built from the account's own numbers. <see cref="Assumptions"/> lists every input
/// beside the result so a CSM can defend each figure.
/// </summary>
/// <param name="HoursSavedPerYear">Hours the upgrade saves per year across the account's users.</param>
/// <param name="AnnualValue">Hours saved × hourly cost, rounded to minor units.</param>
/// <param name="AnnualIncrementalCost">The proposed plan's annual cost less what the account pays today.</param>
/// <param name="NetBenefit">Annual value less incremental cost.</param>
/// <param name="PaybackMonths">Months of value that pay the incremental cost (one decimal, rounded up); 0 when the cost does not rise; null when there is no value.</param>
/// <param name="Assumptions">Every input with its source.</param>
public sealed record RoiEstimate(
    decimal HoursSavedPerYear,
    Money AnnualValue,
    Money AnnualIncrementalCost,
    Money NetBenefit,
    decimal? PaybackMonths,
    ImmutableArray<RoiAssumption> Assumptions);
