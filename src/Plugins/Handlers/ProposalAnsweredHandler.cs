using CrmSuite.Plugins.Context;

namespace CrmSuite.Plugins.Handlers;

/// <summary>
/// A customer's answer recorded on a proposal in Dynamics 365 (<c>cs_status</c> set to accepted or declined): an acceptance
/// runs the license transition, a decline starts the quiet period, each exactly once, as from the work queue.
/// </summary>
internal sealed class ProposalAnsweredHandler : WebhookHandler
{
    public const string HandlerName = "proposal-answered";

    public override string Name => HandlerName;

    public override string Table => "cs_upgradeproposal";

    public override IReadOnlyList<StepRegistration> Steps { get; } =
    [
        new("Update", "cs_upgradeproposal", PipelineStage.PostOperation, ExecutionMode.Asynchronous, ["cs_status"], ["cs_key", "cs_status", "cs_accountid"], []),
    ];

    protected override HandlerVerdict CheckEvent(PluginContext context)
    {
        if (!IsMessage(context, "Update"))
        {
            return HandlerVerdict.Ignore($"{context.MessageName} does not answer a proposal");
        }

        if (context.SizeExceeded)
        {
            return HandlerVerdict.Act("a proposal changed (body stripped for size); pending answers are read from the CRM");
        }

        var status = (context.Current("cs_status") as TextValue)?.Value;
        if (status is not ("accepted" or "declined"))
        {
            return HandlerVerdict.Ignore(status is null ? "the proposal's status did not change" : $"status {status} is not an answer");
        }

        var account = context.Current("cs_accountid") as EntityReferenceValue;
        return HandlerVerdict.Act($"proposal {(context.Current("cs_key") as TextValue)?.Value ?? context.PrimaryEntityId.ToString("D")} {status}",
            account?.Id.ToString("D"));
    }

    public override Task<string> HandleAsync(HandlerVerdict verdict, IPluginActions actions, CancellationToken cancellationToken) =>
        actions.ApplyPendingProposalAnswersAsync(cancellationToken);
}
