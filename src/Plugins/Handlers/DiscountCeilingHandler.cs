using CrmSuite.PlaybookEngine.Accounts;
using CrmSuite.PlaybookEngine.Offers;
using CrmSuite.Plugins.Context;
using CrmSuite.Plugins.Discounts;

namespace CrmSuite.Plugins.Handlers;

/// <summary>
/// A synchronous pre-operation check of the discount a seller enters on a quote, an opportunity or an upgrade proposal:
/// within the price book's hard ceiling the save goes ahead (an off-rule discount is flagged for approval by the asynchronous
/// step), beyond it the webhook answers non-2xx and Dataverse refuses the save. Dataverse shows the seller only that the step
/// failed, so docs/plugins.md says what the ceiling is and where the reason is written.
/// </summary>
internal sealed class DiscountCeilingHandler
{
    public const string HandlerName = "discount-ceiling";

    /// <summary>The quote columns a CrmSuite deal carries (docs/dataverse-schema.md); the step's pre-image holds them on an update.</summary>
    public static readonly string[] DealColumns =
        ["discountpercentage", "cs_product", "cs_tier", "cs_seats", "cs_billingperiod", "cs_termyears", "cs_currency", "cs_tenuremonths"];

    public string Name => HandlerName;

    /// <summary>The tables whose discount it checks: quotes and opportunities (<c>discountpercentage</c>) and upgrade proposals (<c>cs_discountpercentage</c>).</summary>
    public static readonly string[] Tables = ["quote", "opportunity", ProposalDeal.Table];

    /// <summary>The proposal columns the check reads (the Update step's pre-image; the discount itself is in the target).</summary>
    public static readonly string[] ProposalColumns = [ProposalDeal.DiscountColumn, ProposalDeal.TermsColumn];

    /// <summary>The columns whose change on a proposal re-checks its discount.</summary>
    public static readonly string[] ProposalTermColumns = [ProposalDeal.DiscountColumn, ProposalDeal.TermsColumn];

    /// <summary>The columns whose change re-checks the discount (the Update step's filtering attributes).</summary>
    public static readonly string[] TermColumns = ["discountpercentage", "cs_tier", "cs_seats", "cs_billingperiod", "cs_termyears"];

    /// <summary>
    /// Synchronous pre-operation steps on Create (the target holds every column set) and Update (the pre-image holds the deal's
    /// other columns; Dataverse has no pre-image on Create).
    /// </summary>
    public static IReadOnlyList<StepRegistration> Steps { get; } =
    [
        .. new[] { "quote", "opportunity" }.SelectMany(table => new StepRegistration[]
        {
            new("Create", table, PipelineStage.PreOperation, ExecutionMode.Synchronous, [], [], []),
            new("Update", table, PipelineStage.PreOperation, ExecutionMode.Synchronous, TermColumns, [], DealColumns[1..]),
        }),
        new("Create", ProposalDeal.Table, PipelineStage.PreOperation, ExecutionMode.Synchronous, [], [], []),
        new("Update", ProposalDeal.Table, PipelineStage.PreOperation, ExecutionMode.Synchronous, ProposalTermColumns, [], ProposalColumns),
    ];

    /// <summary>The product a quote sells when it does not say (<c>cs_product</c>).</summary>
    public const string DefaultProduct = "crmsuite";

    /// <summary>
    /// Whether the save may go ahead, and why. A quote that is not a CrmSuite deal (no tier), or one the book cannot price
    /// (no approved book, an unknown tier or currency), is let through with the reason: the asynchronous step reports it.
    /// </summary>
    public (bool Allow, string Reason, DiscountAssessment? Assessment) Decide(PluginContext context, Func<string, PriceBook?> priceBookFor)
    {
        if (!Tables.Contains(context.PrimaryEntityName, StringComparer.Ordinal) || context.MessageName is not ("Create" or "Update"))
        {
            return (true, $"{context.MessageName} of {context.PrimaryEntityName} is not a quote, opportunity or upgrade proposal being saved", null);
        }

        if (ReadDeal(context) is not { } deal)
        {
            return (true, $"not a CrmSuite deal: {NotADeal(context.PrimaryEntityName)}", null);
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

    /// <summary>What a row lacks when it is not a deal the check reads, in words.</summary>
    public static string NotADeal(string table) => table == ProposalDeal.Table
        ? "the upgrade proposal has no cs_discountpercentage or no cs_terms naming the license it proposes"
        : $"the {table} has no cs_tier, cs_seats and discountpercentage";

    public static DealTerms? ReadDeal(PluginContext context)
    {
        if (context.PrimaryEntityName == ProposalDeal.Table)
        {
            return ReadProposal(context);
        }

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

    // A proposal's license is its terms; a seller's discount is the one column typed on it. Tenure is not on a proposal: 0.
    private static DealTerms? ReadProposal(PluginContext context)
    {
        var discount = Number(context, ProposalDeal.DiscountColumn);
        if (discount is null || ProposalDeal.Read((context.Current(ProposalDeal.TermsColumn) as TextValue)?.Value) is not { } license)
        {
            return null;
        }

        var billing = license.BillingPeriod == "monthly" ? BillingPeriod.Monthly : BillingPeriod.Annual;
        return new DealTerms(license.Tier, license.Seats, billing, license.TermYears, license.Currency, 0, discount.Value / 100m);
    }

    private static decimal? Number(PluginContext context, string column) => context.Current(column) switch
    {
        NumberValue n => n.Value,
        MoneyValue m => m.Value,
        _ => null,
    };
}
