using System.Globalization;
using Microsoft.Extensions.Options;
using CrmSuite.Connector.Accounts;
using CrmSuite.Connector.Crm;
using CrmSuite.Connector.Store;
using CrmSuite.PlaybookEngine.Runtime;

namespace CrmSuite.Connector.Sync;

/// <summary>What applying one CRM event to its playbook came to.</summary>
/// <param name="Detail">In words, e.g. "Call -> Offer: 1 task(s), 1 proposal(s)" or why nothing happened.</param>
internal sealed record EventApplication(EventResultKind Kind, string Detail, string? NewState, int Tasks, int Proposals)
{
    /// <summary>The result as the CRM stores it on the event: the kind, then the detail.</summary>
    public override string ToString() => $"{EventResults.Name(Kind)}: {Detail}";
}

/// <summary>
/// Applies one CRM event (a task outcome, a proposal answer or expiry) to one playbook instance exactly as a sync page
/// does: read the account through the CRM port, prepare it, load its instances, fire the event, and commit new state,
/// audit and outbox in ONE transaction with the event's id as the stream's watermark. The event path of every kind.
/// </summary>
internal sealed class CrmEventApplier(
    ICrmAccounts accounts,
    IPageStore pages,
    IAccountEvaluator evaluator,
    Licensing.ProposalDrafting drafting,
    TaskRouter router,
    TimeProvider time,
    IOptions<SyncOptions> options)
{
    private readonly TimeZoneInfo _timeZone = options.Value.ResolveTimeZone();
    private readonly PageBuilder _page = new();
    private readonly PageState _state = new();

    /// <param name="state">The state the event belongs to: the event applies only while the instance is still there.</param>
    /// <param name="license">The license change an accepted proposal made before this step: its ledger movement commits with the event.</param>
    public async Task<EventApplication> ApplyAsync(
        string accountId,
        string playbookId,
        string state,
        PlaybookEvent playbookEvent,
        string triggeredBy,
        long runId,
        string watermarkSource,
        long eventId,
        LicenseChange? license,
        CancellationToken cancellationToken)
    {
        _page.Clear();
        var now = time.GetUtcNow();
        if (license is not null)
        {
            Ledger(license);
        }

        var (skipped, evaluation, record, context) = await EvaluateAsync(accountId, playbookId, state, playbookEvent, now, cancellationToken);
        if (evaluation is not null)
        {
            _page.Evaluated(evaluation, now, triggeredBy, drafting, record, in context);
        }

        // Committed even when nothing fired: the watermark moves past the event in the same transaction either way.
        var commit = await router.RouteAsync(_page.Build(runId, now, watermarkSource, eventId.ToString(CultureInfo.InvariantCulture)), cancellationToken);
        await pages.CommitPageAsync(commit, cancellationToken);
        return skipped ?? Describe(playbookId, state, playbookEvent, evaluation!);
    }

    // The ledger records the movement from the change itself, and the last-seen license moves with it, so the next sync
    // sees no difference to record again.
    private void Ledger(LicenseChange change) => MrrTracker.Changed(change, _page.Snapshots, _page.Movements);

    /// <summary>Commits an event that moves no playbook: its CRM writes and the stream's watermark, in one transaction.</summary>
    public async Task<EventApplication> CommitAsync(
        long runId, string watermarkSource, long eventId, IReadOnlyList<CrmWrite> writes, EventApplication result, CancellationToken cancellationToken)
    {
        _page.Clear();
        foreach (var write in writes)
        {
            _page.Write(write);
        }

        await pages.CommitPageAsync(_page.Build(runId, time.GetUtcNow(), watermarkSource, eventId.ToString(CultureInfo.InvariantCulture)), cancellationToken);
        return result;
    }

    private async Task<(EventApplication? Skipped, AccountEvaluation? Evaluation, CrmAccountRecord? Record, EvaluationContext Context)> EvaluateAsync(
        string accountId, string playbookId, string state, PlaybookEvent playbookEvent, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var records = await accounts.ReadAccountsAsync([accountId], cancellationToken);
        if (records.Count == 0)
        {
            return (Skip(EventResultKind.Skipped, "the account is no longer in the CRM"), null, null, default);
        }

        var problems = new List<QuarantineEntry>();
        if (!AccountPreparation.TryPrepare(records[0], now, _timeZone, problems, out var context))
        {
            return (Skip(EventResultKind.Skipped, $"the account is quarantined ({problems[0]})"), null, null, default);
        }

        await pages.LoadPageStateAsync([accountId], [.. records[0].Subscriptions.Select(s => s.Id)], _state, cancellationToken);
        var instances = _state.InstancesOf(accountId);
        if (NotApplicable(instances, playbookId, state, playbookEvent, evaluator.AnswersCurrentVisit) is { } skipped)
        {
            return (skipped, null, null, default);
        }

        return (null, evaluator.FireEvent(instances, playbookId, playbookEvent, in context), records[0], context);
    }

    internal static EventApplication Describe(string playbookId, string state, PlaybookEvent playbookEvent, AccountEvaluation evaluation)
    {
        string? from = null, to = null;
        GuardrailRefusal? refused = null;
        int tasks = 0, proposals = 0;
        foreach (var effect in evaluation.Effects)
        {
            if (effect.PlaybookId != playbookId)
            {
                continue;
            }

            switch (effect)
            {
                case TransitionEffect t:
                    from ??= t.From;
                    to = t.To;
                    break;
                case TaskEffect:
                    tasks++;
                    break;
                case ProposalEffect:
                    proposals++;
                    break;
                case SuppressedEffect s:
                    refused = s.Guardrail;
                    from = s.From;
                    to = s.To;
                    break;
                case UnplacedEffect u:
                    return Skip(EventResultKind.Skipped, u.Problem);
            }
        }

        if (refused is not null)
        {
            return Skip(EventResultKind.Refused, $"{from} -> {to} refused: {refused}");
        }

        return to is null
            ? Skip(EventResultKind.NoTransition, $"no transition of {state} on {playbookEvent}")
            : new EventApplication(EventResultKind.Applied, $"{from} -> {to}: {tasks} task(s), {proposals} proposal(s)", to, tasks, proposals);
    }

    /// <summary>
    /// Why an event no longer applies to the account's instance of the playbook, or null when it does: the instance is gone,
    /// has moved on from <paramref name="state"/>, or re-entered it since the answered task or proposal was opened.
    /// </summary>
    internal static EventApplication? NotApplicable(
        IReadOnlyList<PlaybookInstance> instances, string playbookId, string state, PlaybookEvent playbookEvent,
        Func<PlaybookInstance, PlaybookEvent, bool> answersCurrentVisit)
    {
        var instance = instances.FirstOrDefault(i => i.PlaybookId == playbookId);
        if (instance is null)
        {
            return Skip(EventResultKind.Skipped, $"the account has no instance of playbook {playbookId}");
        }

        if (instance.State != state)
        {
            return Skip(EventResultKind.Stale, $"the playbook moved on from {state} to {instance.State} before the {playbookEvent} arrived");
        }

        return answersCurrentVisit(instance, playbookEvent) ? null : Skip(EventResultKind.Stale,
            $"the {playbookEvent} answers {playbookEvent.Key} of an earlier visit to {state}; the account has entered {state} again since");
    }

    internal static EventApplication Skip(EventResultKind kind, string detail) => new(kind, detail, null, 0, 0);
}
