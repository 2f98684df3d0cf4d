using CrmSuite.Plugins.Context;

namespace CrmSuite.Plugins.Handlers;

/// <summary>
/// A license created, or changed in seats, seats used, tier or status: its account is evaluated now rather than at the next
/// scheduled sync, so a seat ceiling reached this morning opens its playbook this morning.
/// </summary>
internal sealed class SubscriptionChangedHandler : WebhookHandler
{
    public const string HandlerName = "subscription-changed";

    private static readonly string[] Watched = ["cs_seats", "cs_seatsused", "cs_tier", "cs_status"];

    public override string Name => HandlerName;

    public override string Table => "cs_subscription";

    public override IReadOnlyList<StepRegistration> Steps { get; } =
    [
        new("Create", "cs_subscription", PipelineStage.PostOperation, ExecutionMode.Asynchronous, [], ["cs_accountid"], []),
        new("Update", "cs_subscription", PipelineStage.PostOperation, ExecutionMode.Asynchronous, Watched, ["cs_accountid"], []),
    ];

    protected override HandlerVerdict CheckEvent(PluginContext context)
    {
        if (!IsMessage(context, "Create", "Update"))
        {
            return HandlerVerdict.Ignore($"{context.MessageName} does not change a license");
        }

        var account = (context.Current("cs_accountid") as EntityReferenceValue)?.Id.ToString("D");
        if (context.SizeExceeded)
        {
            return HandlerVerdict.Act("a license changed (body stripped for size)", account);
        }

        var changed = Watched.Where(c => context.Target?.Contains(c) == true).ToList();
        if (context.MessageName == "Update" && changed.Count == 0)
        {
            return HandlerVerdict.Ignore($"none of {string.Join(", ", Watched)} changed");
        }

        return HandlerVerdict.Act(context.MessageName == "Create" ? "a license was created" : $"license {string.Join(", ", changed)} changed", account);
    }

    public override Task<string> HandleAsync(HandlerVerdict verdict, IPluginActions actions, CancellationToken cancellationToken) =>
        actions.EvaluateChangedAccountsAsync(verdict.AccountId ?? "", cancellationToken);
}
