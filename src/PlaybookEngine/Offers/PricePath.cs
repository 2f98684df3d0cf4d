using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace CrmSuite.PlaybookEngine.Offers;

/// <summary>
/// One column of a price path: a way to buy the same seats (monthly, annual, multi-year) and what it saves over paying monthly.
/// </summary>
/// <param name="Label">e.g. <c>Monthly</c>, <c>Annual</c>, <c>3 years, billed annually</c>.</param>
/// <param name="Quote">The itemized quote of this option.</param>
/// <param name="SavingPerYear">Monthly option's annual cost less this option's annual cost.</param>
/// <param name="SavingOverTerm">The saving over the whole term of this option.</param>
/// <param name="SavingRate">Saving per year as a fraction of the monthly option's annual cost, to 4 decimals.</param>
public sealed record PricePathOption(string Label, Quote Quote, Money SavingPerYear, Money SavingOverTerm, decimal SavingRate);

/// <summary>The transparent price path of a proposal: the same tier and seats, monthly, annual and multi-year side by side.</summary>
/// <param name="Tier">The tier priced.</param>
/// <param name="Seats">The seats priced.</param>
/// <param name="Currency">ISO code of every amount.</param>
/// <param name="Options">Monthly first, then annual, then each multi-year term the book prices.</param>
public sealed record PricePath(string Tier, int Seats, string Currency, ImmutableArray<PricePathOption> Options)
{
    /// <summary>The monthly option, the baseline every saving is measured against.</summary>
    [JsonIgnore]
    internal PricePathOption Monthly => Options[0];
}
