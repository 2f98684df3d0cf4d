using CrmSuite.Plugins.Context;
using CrmSuite.Plugins.Handlers;

namespace CrmSuite.Plugins.Tests.Handlers;

/// <summary>
/// The steps register-plugins registers: all post to one service endpoint, so each step must be told apart by its message,
/// table and stage; and each follows Dataverse's rules for images and modes.
/// </summary>
public sealed class StepCatalogTests
{
    [Fact]
    public void Steps_are_told_apart_by_message_table_and_stage_except_the_two_on_a_proposal_update_whose_filtering_columns_differ()
    {
        var shared = WebhookHandlers.Steps.GroupBy(s => (s.Step.Message, s.Step.Table, s.Step.Stage)).Where(g => g.Count() > 1).ToList();

        var only = Assert.Single(shared);
        Assert.Equal(("Update", "cs_upgradeproposal", PipelineStage.PostOperation), only.Key);
        Assert.Equal(["discount-review", "proposal-answered"], only.Select(s => s.Handler).Order(StringComparer.Ordinal));
        Assert.Empty(only.First().Step.FilteringAttributes.Intersect(only.Last().Step.FilteringAttributes));
    }

    [Fact]
    public void No_step_asks_for_an_image_dataverse_cannot_give()
    {
        // No pre-image on Create; a post-image only after the operation; pre-operation and pre-validation steps run synchronously.
        Assert.All(WebhookHandlers.Steps, s => Assert.False(s.Step.Message == "Create" && s.Step.PreImageAttributes.Count > 0, s.Handler));
        Assert.All(WebhookHandlers.Steps, s => Assert.False(s.Step.Stage != PipelineStage.PostOperation && s.Step.PostImageAttributes.Count > 0, s.Handler));
        Assert.All(WebhookHandlers.Steps, s => Assert.False(s.Step.Stage != PipelineStage.PostOperation && s.Step.Mode == ExecutionMode.Asynchronous, s.Handler));
    }

    [Fact]
    public void The_synchronous_discount_check_runs_before_the_save_of_a_quote_an_opportunity_and_an_upgrade_proposal()
    {
        var ceiling = WebhookHandlers.Steps.Where(s => s.Handler == DiscountCeilingHandler.HandlerName).Select(s => s.Step).ToList();

        Assert.Equal(
            ["Create quote", "Update quote", "Create opportunity", "Update opportunity", "Create cs_upgradeproposal", "Update cs_upgradeproposal"],
            ceiling.Select(s => $"{s.Message} {s.Table}"));
        Assert.All(ceiling, s => Assert.Equal((PipelineStage.PreOperation, ExecutionMode.Synchronous), (s.Stage, s.Mode)));
    }
}
