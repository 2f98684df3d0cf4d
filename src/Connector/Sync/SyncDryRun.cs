using CrmSuite.Connector.Accounts;
using CrmSuite.Connector.Crm;
using CrmSuite.Connector.Store;
using CrmSuite.PlaybookEngine.Runtime;
using Microsoft.Extensions.Options;

namespace CrmSuite.Connector.Sync;

/// <summary>How a CRM write of a dry run would reach the CRM.</summary>
internal enum DryRunAction
{
    /// <summary>A row the CRM does not have yet (a new task or proposal key, a playbook's first stage for the account).</summary>
    Create,

    /// <summary>An existing row upserted by its key (the account's stage in a playbook it is already in).</summary>
    Update,

    /// <summary>A write already in the outbox, not yet delivered: the next sync delivers it first.</summary>
    Retry,
}

/// <summary>One CRM write the next sync would make.</summary>
internal sealed record DryRunWrite(DryRunAction Action, CrmWrite Write);

/// <summary>One instance the next sync would store differently: started, moved, migrated, or only its edge bookkeeping.</summary>
/// <param name="Before">The stored instance, or null when the sync would start it.</param>
internal sealed record DryRunStateChange(PlaybookInstance? Before, PlaybookInstance After)
{
    /// <summary>True when only the instance's edge and sustain bookkeeping changes (same version, state and step).</summary>
    public bool BookkeepingOnly => Before is { } b && b.Version == After.Version && b.State == After.State && b.Step == After.Step;
}

/// <summary>What one page of a dry run would commit and write.</summary>
internal sealed record DryRunPage(
    IReadOnlyList<DryRunWrite> Writes,
    IReadOnlyList<DryRunStateChange> StateChanges,
    IReadOnlyList<AuditEntry> Audit,
    IReadOnlyList<QuarantineEntry> Quarantined,
    IReadOnlyList<string> DeletedAccountIds,
    long Accounts);

/// <summary>Where a dry run starts and what the CRM still has pending that a real sync would apply first.</summary>
/// <param name="PendingEvents">
/// The pending task outcomes and proposal answers, then the expiries of <paramref name="ExpiringProposals"/>, each with what
/// applying it would write and change.
/// </param>
/// <param name="ExpiringProposals">Open proposals past their last valid day, which the sync marks expired before it reads the accounts.</param>
internal sealed record DryRunStart(
    SyncMode Mode,
    string StateStore,
    bool StateStoreExists,
    string? WatermarkFrom,
    long? ChangedAccounts,
    IReadOnlyList<DryRunWrite> Undelivered,
    int PendingTaskEvents,
    int PendingProposalEvents,
    IReadOnlyList<DryRunEvent> PendingEvents,
    int ExpiringProposals);

/// <summary>
/// <c>sync --dry-run</c>: the next sync's pages read, evaluated and collected by the same <see cref="PageEvaluation"/> the
/// sync uses, then handed to the caller instead of committed. Nothing is written: the state store is only read
/// (<see cref="IStateSnapshot"/>, never created or migrated), no sync run is recorded, no watermark moves, and nothing
/// reaches the outbox or the CRM.
/// </summary>
internal sealed class SyncDryRun(
    ICrmAccounts crm,
    ICrmTaskEvents taskEvents,
    ICrmProposals proposalEvents,
    IStateSnapshot store,
    PageEvaluation evaluation,
    DryRunEvents events,
    IOptions<SyncOptions> options)
{
    private const string TriggeredBy = "dry run";

    /// <summary>Reads where the next sync would start: its watermark, the outbox's undelivered writes, the CRM's pending events.</summary>
    public async Task<DryRunStart> StartAsync(SyncMode mode, CancellationToken cancellationToken)
    {
        var stored = await store.GetWatermarkAsync(Watermarks.Accounts, cancellationToken);
        var from = mode == SyncMode.Full ? null : stored;
        var undelivered = await store.ReadUndeliveredAsync(cancellationToken);
        var tasks = await taskEvents.ReadPendingTaskEventsAsync(cancellationToken);
        var answers = await proposalEvents.ReadPendingProposalEventsAsync(cancellationToken);
        var expiring = await events.ReadExpiringAsync(cancellationToken);
        return new DryRunStart(mode, store.Location, store.Exists, from, await crm.CountChangedAccountsAsync(from, cancellationToken),
            [.. undelivered.Select(w => new DryRunWrite(DryRunAction.Retry, w.Write))], tasks.Count, answers.Count,
            await events.PreviewAsync(tasks, answers, expiring, cancellationToken), expiring.Count);
    }

    /// <summary>Evaluates the pages the next sync would read from <paramref name="start"/>, handing each to <paramref name="onPage"/> in order.</summary>
    public async Task RunAsync(DryRunStart start, Func<DryRunPage, CancellationToken, Task> onPage, CancellationToken cancellationToken)
    {
        var state = new PageState();
        var builder = new PageBuilder();
        var ids = new List<string>(options.Value.PageSize);
        var subscriptions = new List<string>(options.Value.PageSize);
        await foreach (var crmPage in crm.ReadChangedAccountsAsync(start.WatermarkFrom, options.Value.PageSize, cancellationToken))
        {
            PageEvaluation.CollectIds(crmPage, ids, subscriptions);
            await store.LoadPageStateAsync(ids, subscriptions, state, cancellationToken);
            var commit = evaluation.Evaluate(crmPage, state, builder, 0, TriggeredBy, cancellationToken);
            await onPage(await DescribeAsync(commit, state, cancellationToken), cancellationToken);
        }
    }

    private async Task<DryRunPage> DescribeAsync(PageCommit commit, PageState state, CancellationToken cancellationToken)
    {
        // The outbox keeps the first write of a key: one computed again (a page re-evaluated after a crash) is not stored or sent again.
        var known = await store.KnownWriteKeysAsync([.. commit.Outbox.Select(r => (r.Write.AccountId, r.Write.Key))], cancellationToken);
        var writes = new List<DryRunWrite>(commit.Outbox.Count);
        foreach (var row in commit.Outbox)
        {
            if (!known.Contains(row.Write.Key))
            {
                writes.Add(new DryRunWrite(ActionOf(row.Write, state), row.Write));
            }
        }

        var changes = commit.Instances
            .Select(after => new DryRunStateChange(Stored(state, after.AccountId, after.PlaybookId), after))
            .ToList();
        return new DryRunPage(writes, changes, commit.Audit, commit.Quarantined, commit.DeletedAccountIds, commit.Counts.Accounts);
    }

    // A stage row exists in the CRM once the instance has taken a transition; tasks and proposals have a key of their own.
    internal static DryRunAction ActionOf(CrmWrite write, PageState state) =>
        write is CrmPlaybookStage && Stored(state, write.AccountId, write.PlaybookId) is { Step: > 0 } ? DryRunAction.Update : DryRunAction.Create;

    private static PlaybookInstance? Stored(PageState state, string accountId, string playbookId) =>
        state.InstancesOf(accountId).FirstOrDefault(i => i.PlaybookId == playbookId);
}
