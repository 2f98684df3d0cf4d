using System.Globalization;
using Microsoft.Extensions.Options;
using CrmSuite.Connector.Accounts;
using CrmSuite.Connector.Crm;
using CrmSuite.Connector.Licensing;
using CrmSuite.Connector.Playbooks;
using CrmSuite.Connector.Store;
using CrmSuite.PlaybookEngine.Runtime;

namespace CrmSuite.Connector.Sync;

/// <summary>
/// One pending CRM event as the next sync would apply it: what it is, what applying it comes to (as the event's result would
/// read), the license change of an acceptance, and the CRM writes and state changes it would make.
/// </summary>
/// <param name="Id">The event's id in its stream; null for an expiry, which the sync records only when it runs.</param>
/// <param name="License">For an accepted proposal: the license transition in words (or why it is refused); null otherwise.</param>
internal sealed record DryRunEvent(
    string Stream, long? Id, string What, string AccountId, string PlaybookId, string Result, string? License,
    IReadOnlyList<DryRunWrite> Writes, IReadOnlyList<DryRunStateChange> StateChanges);

/// <summary>
/// The pending task outcomes and proposal answers of a dry run, and the expiries of proposals past their last valid day, each previewed as the sync's event path applies it
/// (<see cref="CrmEventApplier"/>, <see cref="LicenseTransition.DecideAsync"/>): the account read and prepared as the sync does, its
/// instances from the state store (read only), the event fired, the page built and reported instead of committed.
/// Each event is previewed against the stored state, as if applied alone: two events on one account are each shown from
/// the state before either.
/// </summary>
internal sealed class DryRunEvents(
    ICrmAccounts accounts,
    ICrmProposals proposals,
    LicenseTransition transition,
    IStateSnapshot store,
    IAccountEvaluator evaluator,
    ProposalDrafting drafting,
    TimeProvider time,
    IOptions<SyncOptions> options)
{
    private const string TriggeredBy = "dry run";
    private readonly TimeZoneInfo _timeZone = options.Value.ResolveTimeZone();

    /// <summary>
    /// Previews the events in the order a sync applies them: task outcomes, then the proposal answers already recorded, then
    /// the expiries the sync would record (after them, so applied after them).
    /// </summary>
    public async Task<IReadOnlyList<DryRunEvent>> PreviewAsync(
        IReadOnlyList<TaskEvent> tasks, IReadOnlyList<ProposalEvent> answers, IReadOnlyList<ProposalEvent> expiring, CancellationToken cancellationToken)
    {
        var previews = new List<DryRunEvent>(tasks.Count + answers.Count + expiring.Count);
        foreach (var e in tasks)
        {
            var what = $"task {e.TaskKey} completed: {e.Outcome}";
            var (result, writes, changes) = await FireAsync(e.AccountId, e.PlaybookId, e.State, PlaybookEvent.Outcome(e.Outcome) with { Key = e.TaskKey }, cancellationToken);
            previews.Add(new DryRunEvent(Watermarks.TaskEvents, e.Id, what, e.AccountId, e.PlaybookId, result.ToString(), null, writes, changes));
        }

        foreach (var e in answers.Concat(expiring))
        {
            previews.Add(await PreviewAnswerAsync(e, cancellationToken));
        }

        return previews;
    }

    /// <summary>The open proposals the next sync would mark expired (their last valid day is before today), as their expiry events.</summary>
    public Task<IReadOnlyList<ProposalEvent>> ReadExpiringAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return proposals.ReadExpiringProposalsAsync(EvaluationContext.DayOf(now, _timeZone), now, cancellationToken);
    }

    private async Task<DryRunEvent> PreviewAnswerAsync(ProposalEvent e, CancellationToken cancellationToken)
    {
        var what = $"proposal {e.ProposalKey} {e.Kind.ToString().ToLowerInvariant()}";
        var playbookEvent = e.Kind switch
        {
            ProposalEventKind.Accepted => new PlaybookEvent(PlaybookEventKind.ProposalAccepted),
            ProposalEventKind.Declined => new PlaybookEvent(PlaybookEventKind.ProposalDeclined),
            _ => new PlaybookEvent(PlaybookEventKind.ProposalExpired),
        } with { Key = e.ProposalKey };
        string? license = null;
        if (e.Kind == ProposalEventKind.Accepted)
        {
            var decision = await transition.DecideAsync(e, time.GetUtcNow(), cancellationToken);
            license = decision.Change is { } change
                ? string.Create(CultureInfo.InvariantCulture,
                    $"{decision.Outcome.ToString().ToLowerInvariant()}: {decision.Detail}, effective {change.EffectiveOn:yyyy-MM-dd}; writes subscription {change.After.Id} "
                    + $"and the license change {change.ProposalKey} with {change.Lines.Length} proration line(s); the MRR ledger records the movement")
                : $"{decision.Outcome.ToString().ToLowerInvariant()}: {decision.Detail}";
            if (decision.Outcome == LicenseTransitionOutcome.Refused)
            {
                // A refused transition moves no playbook: the CSM's task is its only write.
                var refused = new EventApplication(EventResultKind.Refused, $"license change refused, playbook not moved: {decision.Detail}", null, 0, 0);
                return new DryRunEvent(Watermarks.ProposalEvents, e.Id, what, e.AccountId, e.PlaybookId, refused.ToString(), license,
                    decision.Task is { } task ? [new DryRunWrite(DryRunAction.Create, task)] : [], []);
            }
        }

        var (result, writes, changes) = await FireAsync(e.AccountId, e.PlaybookId, e.State, playbookEvent, cancellationToken);
        return new DryRunEvent(Watermarks.ProposalEvents, e.Kind == ProposalEventKind.Expired && e.Id == 0 ? null : e.Id, what, e.AccountId, e.PlaybookId,
            result.ToString(), license, writes, changes);
    }

    private async Task<(EventApplication Result, IReadOnlyList<DryRunWrite> Writes, IReadOnlyList<DryRunStateChange> Changes)> FireAsync(
        string accountId, string playbookId, string state, PlaybookEvent playbookEvent, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var records = await accounts.ReadAccountsAsync([accountId], cancellationToken);
        if (records.Count == 0)
        {
            return (CrmEventApplier.Skip(EventResultKind.Skipped, "the account is no longer in the CRM"), [], []);
        }

        var problems = new List<QuarantineEntry>();
        if (!AccountPreparation.TryPrepare(records[0], now, _timeZone, problems, out var context))
        {
            return (CrmEventApplier.Skip(EventResultKind.Skipped, $"the account is quarantined ({problems[0]})"), [], []);
        }

        var state0 = new PageState();
        await store.LoadPageStateAsync([accountId], [.. records[0].Subscriptions.Select(s => s.Id)], state0, cancellationToken);
        var instances = state0.InstancesOf(accountId);
        if (CrmEventApplier.NotApplicable(instances, playbookId, state, playbookEvent, evaluator.AnswersCurrentVisit) is { } skipped)
        {
            return (skipped, [], []);
        }

        var evaluation = evaluator.FireEvent(instances, playbookId, playbookEvent, in context);
        var page = new PageBuilder();
        page.Evaluated(evaluation, now, TriggeredBy, drafting, records[0], in context);
        var commit = page.Build(0, now, TriggeredBy, null);
        var known = await store.KnownWriteKeysAsync([.. commit.Outbox.Select(r => (r.Write.AccountId, r.Write.Key))], cancellationToken);
        IReadOnlyList<DryRunWrite> writes =
            [.. commit.Outbox.Where(r => !known.Contains(r.Write.Key)).Select(r => new DryRunWrite(SyncDryRun.ActionOf(r.Write, state0), r.Write))];
        var changes = commit.Instances
            .Select(after => new DryRunStateChange(instances.FirstOrDefault(i => i.PlaybookId == after.PlaybookId), after))
            .Where(c => !c.BookkeepingOnly)
            .ToList();
        return (CrmEventApplier.Describe(playbookId, state, playbookEvent, evaluation), writes, changes);
    }
}
