using System.Collections.Immutable;
using CrmSuite.Connector.Crm;
using CrmSuite.Connector.Store;
using CrmSuite.PlaybookEngine.Runtime;
using System.Text.Json;

namespace CrmSuite.Connector.Sync;

/// <summary>
/// Collects what one page's evaluations produce — changed instances, audit entries, outbox rows, quarantine, ledger — into
/// the <see cref="PageCommit"/> written in one transaction. Reused page after page.
/// </summary>
internal sealed class PageBuilder
{
    private readonly List<PlaybookInstance> _instances = [];
    private readonly List<AuditEntry> _audit = [];
    private readonly List<OutboxRow> _outbox = [];
    private readonly List<QuarantineEntry> _quarantined = [];
    private readonly List<string> _clean = [];
    private readonly List<MrrSnapshot> _snapshots = [];
    private readonly List<MrrMovement> _movements = [];
    private readonly List<object> _effects = [];
    private readonly List<long> _outboxIds = [];
    private long _accounts;
    private long _transitions;
    private long _tasks;
    private long _proposals;

    public List<MrrSnapshot> Snapshots => _snapshots;

    public List<MrrMovement> Movements => _movements;

    public long Suppressed { get; private set; }

    public IReadOnlyList<QuarantineEntry> Quarantined => _quarantined;

    public void Clear()
    {
        _instances.Clear();
        _audit.Clear();
        _outbox.Clear();
        _quarantined.Clear();
        _clean.Clear();
        _snapshots.Clear();
        _movements.Clear();
        _effects.Clear();
        _outboxIds.Clear();
        _accounts = _transitions = _tasks = _proposals = 0;
        Suppressed = 0;
    }

    /// <summary>Records an account seen on this page: its earlier quarantine entries not raised again are cleared.</summary>
    public void Seen(string accountId) => _clean.Add(accountId);

    public void Quarantine(QuarantineEntry entry) => _quarantined.Add(entry);

    /// <summary>Records an evaluated account and turns its effects into audit entries and outbox rows.</summary>
    public void Evaluated(string accountId, AccountEvaluation evaluation, DateTimeOffset now, string triggeredBy)
    {
        _accounts++;
        if (evaluation.IsEmpty)
        {
            return;
        }

        foreach (var instance in evaluation.Changed)
        {
            _instances.Add(instance);
        }

        var today = DateOnly.FromDateTime(now.UtcDateTime);
        foreach (var effect in evaluation.Effects)
        {
            var reason = effect.Reason.ToString();
            switch (effect)
            {
                case TransitionEffect t:
                    _transitions++;
                    _audit.Add(new AuditEntry(now, triggeredBy, t.AccountId, t.PlaybookId, t.PlaybookVersion, "transition", t.From, t.To, reason, t.Key));
                    var instance = Find(evaluation, t.PlaybookId);
                    var stage = new CrmPlaybookStage(t.Key, t.AccountId, t.PlaybookId, t.PlaybookVersion, t.To, instance?.Step ?? 0,
                        instance?.EnteredAt ?? now, reason);
                    _outbox.Add(new OutboxRow(t.Key, OutboxJson.StageKind, t.AccountId, JsonSerializer.Serialize(stage, OutboxJson.Default.CrmPlaybookStage)));
                    _effects.Add(stage);
                    break;
                case TaskEffect k:
                    _tasks++;
                    var task = new CrmTask(k.Key, k.AccountId, k.PlaybookId, k.PlaybookVersion, k.State, k.Subject, k.Due, k.OwnerRole,
                        k.Priority.ToString().ToLowerInvariant(), k.Outcomes, reason, now);
                    _outbox.Add(new OutboxRow(k.Key, OutboxJson.TaskKind, k.AccountId, JsonSerializer.Serialize(task, OutboxJson.Default.CrmTask)));
                    _effects.Add(task);
                    break;
                case ProposalEffect p:
                    _proposals++;
                    var proposal = new CrmProposal(p.Key, p.AccountId, p.PlaybookId, p.PlaybookVersion, p.State, p.OfferId, today, p.ExpiresOn, reason);
                    _outbox.Add(new OutboxRow(p.Key, OutboxJson.ProposalKind, p.AccountId,
                        JsonSerializer.Serialize(proposal, OutboxJson.Default.CrmProposal)));
                    _effects.Add(proposal);
                    break;
                case SuppressedEffect s:
                    Suppressed++;
                    _audit.Add(new AuditEntry(now, triggeredBy, s.AccountId, s.PlaybookId, s.PlaybookVersion, "suppressed", s.From, s.To,
                        $"{reason}; refused by {s.Guardrail}", s.Key));
                    break;
            }
        }
    }

    public PageCommit Build(long syncId, DateTimeOffset at, string watermarkSource, string watermark) =>
        new(syncId, at, watermarkSource, watermark, _instances, _audit, _outbox, _quarantined, _clean, _snapshots, _movements,
            new SyncCounts(_accounts, _transitions, _tasks, _proposals, _quarantined.Count))
        {
            OutboxIds = _outboxIds,
        };

    /// <summary>
    /// The CRM writes of the outbox rows this page's commit inserted (not those whose key was already in the outbox: they
    /// are delivered from their stored payload), with their outbox ids; call after the commit.
    /// </summary>
    public CrmWriteBatch InsertedBatch(List<long> ids)
    {
        var tasks = ImmutableArray.CreateBuilder<CrmTask>();
        var proposals = ImmutableArray.CreateBuilder<CrmProposal>();
        var stages = ImmutableArray.CreateBuilder<CrmPlaybookStage>();
        for (var i = 0; i < _outboxIds.Count; i++)
        {
            if (_outboxIds[i] == 0)
            {
                continue;
            }

            ids.Add(_outboxIds[i]);
            switch (_effects[i])
            {
                case CrmTask t:
                    tasks.Add(t);
                    break;
                case CrmProposal p:
                    proposals.Add(p);
                    break;
                case CrmPlaybookStage s:
                    stages.Add(s);
                    break;
            }
        }

        return new CrmWriteBatch(tasks.DrainToImmutable(), proposals.DrainToImmutable(), stages.DrainToImmutable());
    }

    private static PlaybookInstance? Find(AccountEvaluation evaluation, string playbookId)
    {
        foreach (var instance in evaluation.Changed)
        {
            if (instance.PlaybookId == playbookId)
            {
                return instance;
            }
        }

        return null;
    }
}
