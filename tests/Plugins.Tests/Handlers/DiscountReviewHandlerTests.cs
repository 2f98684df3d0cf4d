using CrmSuite.Plugins.Context;
using CrmSuite.Plugins.Handlers;

namespace CrmSuite.Plugins.Tests.Handlers;

/// <summary>The asynchronous discount review takes saved CrmSuite deals on quotes and opportunities, one event at a time.</summary>
public sealed class DiscountReviewHandlerTests
{
    private static readonly DiscountReviewHandler Review = new();

    private static Dictionary<string, AttributeValue> Deal(decimal discount) => new()
    {
        ["discountpercentage"] = new NumberValue(discount),
        ["cs_tier"] = new TextValue("professional"),
        ["cs_seats"] = new NumberValue(50),
    };

    [Theory]
    [InlineData("quote")]
    [InlineData("opportunity")]
    public void A_saved_crmsuite_deal_is_taken_with_its_row(string table)
    {
        var context = Events.Update(table, new Dictionary<string, AttributeValue> { ["discountpercentage"] = new NumberValue(30) }, Deal(30));

        var verdict = Review.Check(context, maxDepth: 1);

        Assert.True(verdict.Acts);
        Assert.Equal($"{table} {context.PrimaryEntityId:D} saved with a 30% discount", verdict.Reason);
        Assert.Equal((table, context.PrimaryEntityId.ToString("D")), (verdict.Table, verdict.RowId));
        Assert.True(Review.HandlesEachEvent);
    }

    [Fact]
    public void A_quote_without_the_deal_columns_is_ignored()
    {
        var verdict = Review.Check(Events.Update("quote", new Dictionary<string, AttributeValue> { ["discountpercentage"] = new NumberValue(30) }), 1);

        Assert.False(verdict.Acts);
        Assert.Equal("not a CrmSuite deal: the quote has no cs_tier, cs_seats and discountpercentage", verdict.Reason);
    }

    [Fact]
    public void A_deal_on_another_table_is_not_its_event()
    {
        var verdict = Review.Check(Events.Update("account", Deal(30)), 1);

        Assert.False(verdict.Acts);
        Assert.StartsWith("this handler takes quote events, not account", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void It_registers_create_and_update_post_operation_asynchronous_steps_on_quotes_opportunities_and_upgrade_proposals()
    {
        Assert.Equal(
            ["Create quote", "Update quote", "Create opportunity", "Update opportunity", "Create cs_upgradeproposal", "Update cs_upgradeproposal"],
            Review.Steps.Select(s => $"{s.Message} {s.Table}"));
        Assert.All(Review.Steps, s => Assert.Equal((PipelineStage.PostOperation, ExecutionMode.Asynchronous), (s.Stage, s.Mode)));
        Assert.All(Review.Steps.Where(s => s.Message == "Create"), s => Assert.Empty(s.FilteringAttributes));
    }
}
