using CrmSuite.Plugins.Context;
using CrmSuite.Plugins.Discounts;

namespace CrmSuite.Plugins.Handlers;

/// <summary>
/// The asynchronous half of the discount check: after a quote, opportunity or upgrade proposal is saved, its discount is measured against the
/// price book again and written where the seller sees it (<c>cs_discountstatus</c> and <c>cs_discountnote</c> on the row);
/// a discount beyond the published rules but within the hard ceiling opens one approval task for the deal desk.
/// </summary>
internal sealed class DiscountReviewHandler : WebhookHandler
{
    public const string HandlerName = "discount-review";

    /// <summary>The tables whose standard <c>discountpercentage</c> column a seller fills.</summary>
    public static readonly string[] DealTables = ["quote", "opportunity"];

    /// <summary>Every table it reviews: the deals and the upgrade proposals (<c>cs_discountpercentage</c>).</summary>
    public static readonly string[] ReviewedTables = [.. DealTables, ProposalDeal.Table];

    public override string Name => HandlerName;

    public override string Table => "quote";

    public override bool Takes(string table) => ReviewedTables.Contains(table, StringComparer.Ordinal);

    // The row is read again when the event is handled (a later save may have changed it), so the image only lets the
    // connector tell at once whether the row is a CrmSuite deal at all.
    public override IReadOnlyList<StepRegistration> Steps { get; } =
    [
        .. DealTables.SelectMany(table => new StepRegistration[]
        {
            new("Create", table, PipelineStage.PostOperation, ExecutionMode.Asynchronous, [], DiscountCeilingHandler.DealColumns, []),
            new("Update", table, PipelineStage.PostOperation, ExecutionMode.Asynchronous, DiscountCeilingHandler.TermColumns, DiscountCeilingHandler.DealColumns, []),
        }),
        new("Create", ProposalDeal.Table, PipelineStage.PostOperation, ExecutionMode.Asynchronous, [], DiscountCeilingHandler.ProposalColumns, []),
        new("Update", ProposalDeal.Table, PipelineStage.PostOperation, ExecutionMode.Asynchronous,
            DiscountCeilingHandler.ProposalTermColumns, DiscountCeilingHandler.ProposalColumns, []),
    ];

    public override bool HandlesEachEvent => true;

    protected override HandlerVerdict CheckEvent(PluginContext context)
    {
        if (!IsMessage(context, "Create", "Update"))
        {
            return HandlerVerdict.Ignore($"{context.MessageName} does not save a discount");
        }

        var row = $"{context.PrimaryEntityName} {context.PrimaryEntityId:D}";
        if (context.SizeExceeded)
        {
            return HandlerVerdict.Act($"{row} saved (body stripped for size); the deal is read from the CRM")
                with { Table = context.PrimaryEntityName, RowId = context.PrimaryEntityId.ToString("D") };
        }

        if (DiscountCeilingHandler.ReadDeal(context) is not { } deal)
        {
            return HandlerVerdict.Ignore($"not a CrmSuite deal: {DiscountCeilingHandler.NotADeal(context.PrimaryEntityName)}");
        }

        return HandlerVerdict.Act($"{row} saved with a {DiscountPolicy.Percent(deal.Discount)} discount")
            with { Table = context.PrimaryEntityName, RowId = context.PrimaryEntityId.ToString("D") };
    }

    public override Task<string> HandleAsync(HandlerVerdict verdict, IPluginActions actions, CancellationToken cancellationToken) =>
        verdict.Table is { } table && Guid.TryParse(verdict.RowId, out var row)
            ? actions.ReviewDiscountAsync(table, row, cancellationToken)
            : Task.FromResult("no row to review: the event named none");
}
