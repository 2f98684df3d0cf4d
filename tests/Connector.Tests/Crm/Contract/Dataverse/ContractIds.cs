using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using CrmSuite.Connector.Crm;
using CrmSuite.PlaybookEngine.Accounts;

namespace CrmSuite.Connector.Tests.Crm.Contract.Dataverse;

/// <summary>
/// The contract names its accounts, licenses and users (C001, C001-S1, U1); Dataverse names rows by GUID. Each name maps to
/// a GUID derived from it (and back), and <see cref="Port"/> renames ids at the port's edge, nothing else: every read,
/// write and event still goes through the gateway and the emulator.
/// </summary>
internal sealed class ContractIds
{
    private readonly ConcurrentDictionary<string, string> _names = new(StringComparer.Ordinal);

    public string Guid(string name)
    {
        var guid = new Guid(SHA256.HashData(Encoding.UTF8.GetBytes(name)).AsSpan(0, 16)).ToString("D");
        _names[guid] = name;
        return guid;
    }

    public string Name(string guid) => _names.TryGetValue(guid, out var name) ? name : guid;

    public Account ToCrm(Account a) => a with { Id = Guid(a.Id), CsmId = a.CsmId is null ? null : Guid(a.CsmId) };

    public Subscription ToCrm(Subscription s) => s with { Id = Guid(s.Id), AccountId = Guid(s.AccountId) };

    public UsageSnapshot ToCrm(UsageSnapshot u) => u with { AccountId = Guid(u.AccountId) };

    public Account FromCrm(Account a) => a with { Id = Name(a.Id), CsmId = a.CsmId is null ? null : Name(a.CsmId) };

    public Subscription FromCrm(Subscription s) => s with { Id = Name(s.Id), AccountId = Name(s.AccountId) };

    public CrmAccountRecord FromCrm(CrmAccountRecord r) => r with
    {
        Account = FromCrm(r.Account),
        Subscriptions = [.. r.Subscriptions.Select(FromCrm)],
        Usage = r.Usage is null ? null : r.Usage with { AccountId = Name(r.Usage.AccountId) },
    };

    public CrmWriteBatch ToCrm(CrmWriteBatch b) => new(
        [.. b.Tasks.Select(t => t with { AccountId = Guid(t.AccountId) })],
        [.. b.Proposals.Select(p => p with { AccountId = Guid(p.AccountId), Terms = p.Terms is null ? null : p.Terms with { SubscriptionId = Guid(p.Terms.SubscriptionId) } })],
        [.. b.Stages.Select(s => s with { AccountId = Guid(s.AccountId) })]);

    public ProposalTerms? FromCrm(ProposalTerms? t) => t is null ? null : t with { SubscriptionId = Name(t.SubscriptionId) };

    /// <summary>The gateway behind the port's interfaces, with the contract's names outside and GUIDs inside.</summary>
    public Renaming Port(Connector.Crm.Dataverse.Gateway.DataverseGateway gateway) => new(this, gateway);

    internal sealed class Renaming(ContractIds ids, Connector.Crm.Dataverse.Gateway.DataverseGateway crm)
        : ICrmAccounts, ICrmWriter, ICrmTaskEvents, ICrmProposals, ICrmLicenses, ICrmWorkQueue, ICrmUpgradeStatus
    {
        public async IAsyncEnumerable<CrmPage> ReadChangedAccountsAsync(string? watermark, int pageSize, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await foreach (var page in crm.ReadChangedAccountsAsync(watermark, pageSize, cancellationToken))
            {
                yield return page with { Accounts = [.. page.Accounts.Select(ids.FromCrm)], DeletedAccountIds = [.. page.DeletedAccountIds.Select(ids.Name)] };
            }
        }

        public Task<long?> CountChangedAccountsAsync(string? watermark, CancellationToken cancellationToken) => crm.CountChangedAccountsAsync(watermark, cancellationToken);

        public async Task<IReadOnlyList<CrmAccountRecord>> ReadAccountsAsync(IReadOnlyList<string> idList, CancellationToken cancellationToken) =>
            [.. (await crm.ReadAccountsAsync([.. idList.Select(ids.Guid)], cancellationToken)).Select(ids.FromCrm).OrderBy(r => r.Account.Id, StringComparer.Ordinal)];

        public async IAsyncEnumerable<CrmUser> ReadUsersAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await foreach (var user in crm.ReadUsersAsync(cancellationToken))
            {
                yield return user with { Id = ids.Name(user.Id) };
            }
        }

        public Task UpsertAsync(CrmWriteBatch batch, CancellationToken cancellationToken) => crm.UpsertAsync(ids.ToCrm(batch), cancellationToken);

        public Task<TaskCompletion> CompleteTaskAsync(string key, string outcome, DateTimeOffset at, CancellationToken cancellationToken) =>
            crm.CompleteTaskAsync(key, outcome, at, cancellationToken);

        public async Task<IReadOnlyList<TaskEvent>> ReadPendingTaskEventsAsync(CancellationToken cancellationToken) =>
            [.. (await crm.ReadPendingTaskEventsAsync(cancellationToken)).Select(e => e with { AccountId = ids.Name(e.AccountId) })];

        public Task MarkTaskEventProcessedAsync(long id, TaskEventResult result, DateTimeOffset at, CancellationToken cancellationToken) =>
            crm.MarkTaskEventProcessedAsync(id, result with { AccountId = ids.Guid(result.AccountId) }, at, cancellationToken);

        public Task<ProposalAnswerResult> AnswerProposalAsync(ProposalAnswerRequest request, CancellationToken cancellationToken) =>
            crm.AnswerProposalAsync(request, cancellationToken);

        public Task<int> ExpireProposalsAsync(DateOnly today, DateTimeOffset at, CancellationToken cancellationToken) => crm.ExpireProposalsAsync(today, at, cancellationToken);

        public async Task<IReadOnlyList<ProposalEvent>> ReadExpiringProposalsAsync(DateOnly today, DateTimeOffset at, CancellationToken cancellationToken) =>
            [.. (await crm.ReadExpiringProposalsAsync(today, at, cancellationToken)).Select(e => e with { AccountId = ids.Name(e.AccountId) })];

        public async Task<IReadOnlyList<ProposalEvent>> ReadPendingProposalEventsAsync(CancellationToken cancellationToken) =>
            [.. (await crm.ReadPendingProposalEventsAsync(cancellationToken)).Select(e => e with { AccountId = ids.Name(e.AccountId) })];

        public Task MarkProposalEventProcessedAsync(long id, string result, DateTimeOffset at, CancellationToken cancellationToken) =>
            crm.MarkProposalEventProcessedAsync(id, result, at, cancellationToken);

        public Task ReopenProposalAsync(string key, CancellationToken cancellationToken) => crm.ReopenProposalAsync(key, cancellationToken);

        public async Task<CrmProposalRecord?> ReadProposalAsync(string key, CancellationToken cancellationToken) =>
            await crm.ReadProposalAsync(key, cancellationToken) is { } p ? p with { AccountId = ids.Name(p.AccountId), Terms = ids.FromCrm(p.Terms) } : null;

        public Task<bool> ApplyLicenseChangeAsync(LicenseChange change, CancellationToken cancellationToken) =>
            crm.ApplyLicenseChangeAsync(change with { AccountId = ids.Guid(change.AccountId), Before = ids.ToCrm(change.Before), After = ids.ToCrm(change.After) }, cancellationToken);

        public Task<bool> WasAppliedAsync(string proposalKey, CancellationToken cancellationToken) => crm.WasAppliedAsync(proposalKey, cancellationToken);

        public async Task<IReadOnlyList<CrmCsm>> ReadCsmsAsync(CancellationToken cancellationToken) =>
            [.. (await crm.ReadCsmsAsync(cancellationToken)).Select(c => c with { Id = ids.Name(c.Id) })];

        public async Task<CrmTaskQueue?> ReadOpenTasksAsync(string csmId, int max, CancellationToken cancellationToken) =>
            await crm.ReadOpenTasksAsync(ids.Guid(csmId), max, cancellationToken) is { } q
                ? q with
                {
                    Csm = q.Csm with { Id = ids.Name(q.Csm.Id) },
                    Tasks = [.. q.Tasks.Select(t => t with { Task = t.Task with { AccountId = ids.Name(t.Task.AccountId) } })],
                }
                : null;

        public async Task<IReadOnlyList<CrmOpenProposal>?> ReadOpenProposalsAsync(string csmId, int max, CancellationToken cancellationToken) =>
            await crm.ReadOpenProposalsAsync(ids.Guid(csmId), max, cancellationToken) is { } list
                ? [.. list.Select(p => p with { AccountId = ids.Name(p.AccountId), Terms = ids.FromCrm(p.Terms) })]
                : null;

        public Task<IReadOnlyList<ProposalStatusCount>> CountProposalsAsync(CancellationToken cancellationToken) => crm.CountProposalsAsync(cancellationToken);
    }
}
