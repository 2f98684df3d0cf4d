using Microsoft.Extensions.Options;
using CrmSuite.Connector.Accounts;
using CrmSuite.Connector.Crm;
using CrmSuite.PlaybookEngine.Runtime;

namespace CrmSuite.Connector.Web;

/// <summary>
/// The work queue's view of the CRM, through the CRM port: a CSM's open tasks with their provenance, the proposal of the
/// same step, and the state's talk track and objection scripts rendered with the account's values (prepared exactly as
/// the sync prepares it).
/// </summary>
internal sealed class WorkQueueReader(
    ICrmWorkQueue queue,
    ICrmAccounts accounts,
    PlaybookRuntime playbooks,
    Store.ITaskRouting routing,
    TimeProvider time,
    IOptions<Sync.SyncOptions> options)
{
    private readonly TimeZoneInfo _timeZone = options.Value.ResolveTimeZone();

    /// <summary>The most tasks one page shows; the view says how many there are in all.</summary>
    public const int MaxTasks = 100;

    public async Task<IReadOnlyList<CsmView>> ReadCsmsAsync(CancellationToken cancellationToken)
    {
        var held = await HeldAsync(cancellationToken);
        return [.. (await queue.ReadCsmsAsync(cancellationToken)).Select(c => View(c, held))];
    }

    /// <summary>The open tasks of the accounts <paramref name="csmId"/> owns, or null when no such user exists.</summary>
    public async Task<WorkQueueView?> ReadTasksAsync(string csmId, CancellationToken cancellationToken)
    {
        if (await queue.ReadOpenTasksAsync(csmId, MaxTasks, cancellationToken) is not { } open)
        {
            return null;
        }

        var accountIds = open.Tasks.Select(t => t.Task.AccountId).Distinct(StringComparer.Ordinal).ToList();
        var records = (await accounts.ReadAccountsAsync(accountIds, cancellationToken)).ToDictionary(r => r.Account.Id, StringComparer.Ordinal);
        var now = time.GetUtcNow();
        var today = EvaluationContext.DayOf(now, _timeZone);
        var problems = new List<QuarantineEntry>();
        var tasks = new List<TaskView>(open.Tasks.Length);
        foreach (var (task, accountName, proposal) in open.Tasks)
        {
            var playbook = playbooks.Find(task.PlaybookId);
            EvaluationContext? context = records.TryGetValue(task.AccountId, out var record)
                && AccountPreparation.TryPrepare(record, now, _timeZone, problems, out var prepared) ? prepared : null;
            var (talkTrack, objections) = PlaybookScripts.Render(playbook, task.State, context);
            tasks.Add(new TaskView(task.Key, task.AccountId, accountName, task.Subject, task.Due, task.Due < today,
                task.Priority.ToString().ToLowerInvariant(), task.PlaybookId, playbook?.Definition.Title ?? task.PlaybookId, task.PlaybookVersion,
                task.State, Why(task.Reason), task.Outcomes, talkTrack, objections,
                proposal is null ? null : new ProposalView(proposal.Key, proposal.OfferId, proposal.IssuedOn, proposal.ExpiresOn,
                    proposal.Status.ToString().ToLowerInvariant())));
        }

        return new WorkQueueView(View(open.Csm, await HeldAsync(cancellationToken)), today, open.Total, tasks);
    }

    /// <summary>The open proposals of the accounts <paramref name="csmId"/> owns, or null when no such user exists.</summary>
    public async Task<IReadOnlyList<ProposalQueueItem>?> ReadProposalsAsync(string csmId, CancellationToken cancellationToken) =>
        await queue.ReadOpenProposalsAsync(csmId, MaxTasks, cancellationToken) is { } open
            ? [.. open.Select(p => new ProposalQueueItem(p.Key, p.AccountId, p.AccountName, p.PlaybookId, p.State, p.OfferId, p.IssuedOn, p.ExpiresOn,
                p.Terms is { } t ? $"{t.FromTier} x{t.FromSeats} -> {t.ToTier} x{t.ToSeats}, {t.MrrAfter:0.00} {t.Currency} a month" : null,
                Why(p.Reason), ProposalDocuments.ForPage(p.DocumentHtml)))]
            : null;

    // Tasks held beyond capacity per CSM (docs/routing.md): they are in the state store, not yet in the CRM.
    private async Task<Dictionary<string, long>> HeldAsync(CancellationToken cancellationToken) =>
        (await routing.CountHeldAsync(cancellationToken)).ToDictionary(h => h.CsmId, h => h.Held, StringComparer.Ordinal);

    private static CsmView View(CrmCsm csm, Dictionary<string, long> held) => new(csm.Id, csm.Name, csm.Role, csm.OpenTasks, held.GetValueOrDefault(csm.Id));

    private static WhyView Why(Reason reason) => WhyView.Of(reason);
}
