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
    public void Every_step_is_told_apart_by_its_message_table_and_stage()
    {
        var keys = WebhookHandlers.Steps.Select(s => (s.Step.Message, s.Step.Table, s.Step.Stage)).ToList();

        Assert.Equal(keys.Count, keys.Distinct().Count());
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
    public void The_synchronous_discount_check_runs_before_the_save_of_a_quote()
    {
        var ceiling = WebhookHandlers.Steps.Where(s => s.Handler == DiscountCeilingHandler.HandlerName).Select(s => s.Step).ToList();

        Assert.Equal(["Create", "Update"], ceiling.Select(s => s.Message));
        Assert.All(ceiling, s => Assert.Equal(("quote", PipelineStage.PreOperation, ExecutionMode.Synchronous), (s.Table, s.Stage, s.Mode)));
    }
}
