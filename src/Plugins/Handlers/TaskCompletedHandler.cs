using CrmSuite.Plugins.Context;

namespace CrmSuite.Plugins.Handlers;

/// <summary>
/// A CSM completed a CrmSuite task in Dynamics 365 (statecode 1 on a task carrying <c>cs_stepkey</c>): the outcome fires on the
/// playbook at once and the next task is written back, through the same event path as the work queue.
/// </summary>
internal sealed class TaskCompletedHandler : WebhookHandler
{
    public const string HandlerName = "task-completed";

    private const int Completed = 1;

    public override string Name => HandlerName;

    public override string Table => "task";

    public override IReadOnlyList<StepRegistration> Steps { get; } =
    [
        new("Update", "task", PipelineStage.PostOperation, ExecutionMode.Asynchronous, ["statecode"], ["cs_stepkey", "cs_outcome", "regardingobjectid", "statecode"], []),
    ];

    protected override HandlerVerdict CheckEvent(PluginContext context)
    {
        if (!IsMessage(context, "Update", "SetState", "SetStateDynamicEntity"))
        {
            return HandlerVerdict.Ignore($"{context.MessageName} does not complete a task");
        }

        if (context.SizeExceeded)
        {
            // Dataverse stripped the target and images: the pending outcomes are read from the CRM anyway.
            return HandlerVerdict.Act("a task changed (body stripped for size); pending outcomes are read from the CRM");
        }

        if (context.Current("statecode") is not OptionSetValue { Value: Completed })
        {
            return HandlerVerdict.Ignore("the task is not completed");
        }

        var stepKey = (context.Current("cs_stepkey") as TextValue)?.Value;
        if (string.IsNullOrEmpty(stepKey))
        {
            return HandlerVerdict.Ignore("the task has no cs_stepkey: CrmSuite did not create it");
        }

        var account = context.Current("regardingobjectid") as EntityReferenceValue;
        return HandlerVerdict.Act($"task {stepKey} completed", account?.LogicalName == "account" ? account.Id.ToString("D") : null);
    }

    public override Task<string> HandleAsync(HandlerVerdict verdict, IPluginActions actions, CancellationToken cancellationToken) =>
        actions.ApplyPendingTaskOutcomesAsync(cancellationToken);
}
