using CrmSuite.PlaybookEngine.Accounts;
using CrmSuite.PlaybookEngine.Offers;
using CrmSuite.Plugins.Context;
using CrmSuite.Plugins.Discounts;

namespace CrmSuite.Plugins.Handlers;

/// <summary>
/// A synchronous pre-operation check of the discount a seller enters on a quote: within the price book's hard ceiling the
/// save goes ahead (an off-rule discount is flagged for approval by the asynchronous step), beyond it the webhook answers
/// non-2xx and Dataverse refuses the save. Dataverse shows the seller only that the step failed, so docs/plugins.md says
/// what the ceiling is and where the reason is written.
/// </summary>
internal sealed class DiscountCeilingHandler
{
    public const string HandlerName = "discount-ceiling";

    /// <summary>The quote columns a CrmSuite deal carries (docs/dataverse-schema.md); the step's pre-image holds them on an update.</summary>
    public static readonly string[] DealColumns =
        ["discountpercentage", "cs_product", "cs_tier", "cs_seats", "cs_billingperiod", "cs_termyears", "cs_currency", "cs_tenuremonths"];

    public string Name => HandlerName;

    public string Table => "quote";

    /// <summary>The columns whose change re-checks the discount (the Update step's filtering attributes).</summary>
    public static readonly string[] TermColumns = ["discountpercentage", "cs_tier", "cs_seats", "cs_billingperiod", "cs_termyears"];

    /// <summary>
    /// Synchronous pre-operation steps on Create (the target holds every column set) and Update (the pre-image holds the deal's
    /// other columns; Dataverse has no pre-image on Create).
    /// </summary>
    public static IReadOnlyList<StepRegistration> Steps { get; } =
    [
        new("Create", "quote", PipelineStage.PreOperation, ExecutionMode.Synchronous, [], [], []),
        new("Update", "quote", PipelineStage.PreOperation, ExecutionMode.Synchronous, TermColumns, [], DealColumns[1..]),
    ];

    /// <summary>The product a quote sells when it does not say (<c>cs_product</c>).</summary>
    public const string DefaultProduct = "crmsuite";

    /// <summary>
    /// Whether the save may go ahead, and why. A quote that is not a CrmSuite deal (no tier), or one the book cannot price
    /// (no approved book, an unknown tier or currency), is let through with the reason: the asynchronous step reports it.
    /// </summary>
    public (bool Allow, string Reason, DiscountAssessment? Assessment) Decide(PluginContext context, Func<string, PriceBook?> priceBookFor)
    {
        if (!string.Equals(context.PrimaryEntityName, Table, StringComparison.Ordinal) || context.MessageName is not ("Create" or "Update"))
        {
            return (true, $"{context.MessageName} of {context.PrimaryEntityName} is not a quote being saved", null);
        }

        if (ReadDeal(context) is not { } deal)
        {
            return (true, "not a CrmSuite deal: the quote has no cs_tier, cs_seats and discountpercentage", null);
        }

        var product = (context.Current("cs_product") as TextValue)?.Value ?? DefaultProduct;
        if (priceBookFor(product) is not { } book)
        {
            return (true, $"no approved price book of {product} is in force: the discount cannot be checked", null);
        }

        DiscountAssessment assessment;
        try
        {
            assessment = DiscountPolicy.Assess(book, deal);
        }
        catch (ArgumentException ex)
        {
            return (true, $"the price book cannot price this deal: {ex.Message}", null);
        }

        return (assessment.Standing != DiscountStanding.BeyondCeiling, assessment.Explanation, assessment);
    }

    public static DealTerms? ReadDeal(PluginContext context)
    {
        var tier = (context.Current("cs_tier") as TextValue)?.Value;
        var seats = Number(context, "cs_seats");
        var discount = Number(context, "discountpercentage");
        if (string.IsNullOrEmpty(tier) || seats is null || discount is null)
        {
            return null;
        }

        var billing = (context.Current("cs_billingperiod") as TextValue)?.Value == "monthly" ? BillingPeriod.Monthly : BillingPeriod.Annual;
        var term = (int)(Number(context, "cs_termyears") ?? 1);
        var currency = (context.Current("cs_currency") as TextValue)?.Value ?? "USD";
        var tenure = (int)(Number(context, "cs_tenuremonths") ?? 0);
        return new DealTerms(tier, (int)seats.Value, billing, Math.Max(1, term), currency, tenure, discount.Value / 100m);
    }

    private static decimal? Number(PluginContext context, string column) => context.Current(column) switch
    {
        NumberValue n => n.Value,
        MoneyValue m => m.Value,
        _ => null,
    };
}
