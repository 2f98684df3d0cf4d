using System.Collections.Immutable;
using CrmSuite.Connector.Accounts;
using CrmSuite.Connector.Crm;
using CrmSuite.Connector.Licensing;
using CrmSuite.Connector.Store;
using CrmSuite.PlaybookEngine.Runtime;

namespace CrmSuite.Connector.Sync;

/// <summary>
/// Collects what one page's evaluations produce — changed instances, audit entries, CRM writes for the outbox,
/// quarantine, ledger — and hands it on as one immutable <see cref="PageCommit"/>. Reused page after page by one stage.
/// </summary>
internal sealed class PageBuilder
{
    private readonly List<PlaybookInstance> _instances = [];
    private readonly List<AuditEntry> _audit = [];
    private readonly List<OutboxRow> _outbox = [];
    private readonly List<QuarantineEntry> _quarantined = [];
    private readonly List<string> _seen = [];
    private readonly List<string> _deleted = [];
    private readonly List<MrrSnapshot> _snapshots = [];
    private readonly List<MrrMovement> _movements = [];
    private readonly List<VariantShown> _variants = [];
    private long _accounts;
    private long _transitions;
    private long _tasks;
    private long _proposals;

    public List<MrrSnapshot> Snapshots => _snapshots;

    /// <summary>The CRM writes collected so far, in order (the demo history delivers them as they are made).</summary>
    public IReadOnlyList<OutboxRow> Outbox => _outbox;

    /// <summary>The audit entries collected so far.</summary>
    public IReadOnlyList<AuditEntry> Audit => _audit;

    public List<MrrMovement> Movements => _movements;

    /// <summary>Where the account's quarantine reasons go while it is prepared.</summary>
    public List<QuarantineEntry> Quarantined => _quarantined;

    public long Suppressed { get; private set; }

    /// <summary>Accounts newly held out of a play by its experiment on this page.</summary>
    public long HeldOut { get; private set; }

    /// <summary>The instances of this page that the playbook version in force cannot place, for the log.</summary>
    public List<UnplacedEffect> Unplaced { get; } = [];

    public void Clear()
    {
        _instances.Clear();
        _audit.Clear();
        _outbox.Clear();
        _quarantined.Clear();
        _seen.Clear();
        _deleted.Clear();
        _snapshots.Clear();
        _movements.Clear();
        _variants.Clear();
        _accounts = _transitions = _tasks = _proposals = 0;
        Suppressed = 0;
        HeldOut = 0;
        Unplaced.Clear();
    }

    /// <summary>Adds a CRM write that is not an engine effect (e.g. a task explaining a refused license change) to the outbox.</summary>
    public void Write(CrmWrite write) => _outbox.Add(OutboxRow.Of(write));

    /// <summary>Records an account seen on this page: its earlier quarantine entries not raised again are cleared.</summary>
    public void Seen(string accountId) => _seen.Add(accountId);

    /// <summary>Records an account deleted in the CRM: its instances end, each with an audit entry.</summary>
    public void Deleted(string accountId, IReadOnlyList<PlaybookInstance> instances, DateTimeOffset now, string triggeredBy)
    {
        _deleted.Add(accountId);
        foreach (var i in instances)
        {
            _audit.Add(new AuditEntry(now, triggeredBy, accountId, i.PlaybookId, i.Version, AuditKind.AccountDeleted,
                new Reason(i.State, "", "the account was deleted in the CRM", []), null, $"deleted_{i.PlaybookId}_{i.Step}"));
        }
    }

    /// <summary>
    /// Records an evaluated account and turns its effects into audit entries and CRM writes. A proposal is drafted by
    /// <paramref name="drafting"/> from the account (its terms and document go with it) when one is given.
    /// </summary>
    public void Evaluated(AccountEvaluation evaluation, DateTimeOffset now, string triggeredBy, ProposalDrafting? drafting = null,
        CrmAccountRecord? record = null, in EvaluationContext context = default)
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

        var today = record is null ? DateOnly.FromDateTime(now.UtcDateTime) : context.Today;
        var steps = new StepCounter(evaluation);
        foreach (var effect in evaluation.Effects)
        {
            switch (effect)
            {
                case TransitionEffect t:
                    _transitions++;
                    _audit.Add(new AuditEntry(now, triggeredBy, t.AccountId, t.PlaybookId, t.PlaybookVersion, AuditKind.Transition, t.Reason, null, t.Key));
                    var instance = Find(evaluation.Changed, t.PlaybookId);
                    var step = steps.Transitioned(t.PlaybookId);
                    _outbox.Add(OutboxRow.Of(new CrmPlaybookStage(t.Key, t.AccountId, t.PlaybookId, t.PlaybookVersion, t.Reason, t.To,
                        step, instance?.EnteredAt ?? now)));
                    break;
                case TaskEffect k:
                    _tasks++;
                    _outbox.Add(OutboxRow.Of(new CrmTask(k.Key, k.AccountId, k.PlaybookId, k.PlaybookVersion, k.Reason, k.State, k.Subject, k.Due,
                        k.OwnerRole, k.Priority, k.Outcomes, now, steps.Current(k.PlaybookId), record?.Account.CsmId, k.Variant)));
                    Shown(k.Variant, k.AccountId, k.PlaybookId, k.Key, now);
                    break;
                case ProposalEffect p:
                    _proposals++;
                    var issuedAt = steps.Current(p.PlaybookId);
                    _outbox.Add(OutboxRow.Of(drafting is not null && record is not null
                        ? drafting.Draft(p, issuedAt, record, in context, today)
                        : new CrmProposal(p.Key, p.AccountId, p.PlaybookId, p.PlaybookVersion, p.Reason, p.State, p.OfferId, today, p.ExpiresOn, Step: issuedAt,
                            Variant: p.Variant, Message: p.Message)));
                    Shown(p.Variant, p.AccountId, p.PlaybookId, p.Key, now);
                    break;
                case SuppressedEffect s:
                    Suppressed++;
                    _audit.Add(new AuditEntry(now, triggeredBy, s.AccountId, s.PlaybookId, s.PlaybookVersion, AuditKind.Suppressed, s.Reason,
                        s.Guardrail, s.Key));
                    break;
                case HeldOutEffect h:
                    HeldOut++;
                    _audit.Add(new AuditEntry(now, triggeredBy, h.AccountId, h.PlaybookId, h.PlaybookVersion, AuditKind.HeldOut, h.Reason, null, h.Key));
                    break;
                case UnplacedEffect u:
                    Unplaced.Add(u);
                    _audit.Add(new AuditEntry(now, triggeredBy, u.AccountId, u.PlaybookId, u.PlaybookVersion, AuditKind.Unplaced, u.Reason, null, u.Key));
                    break;
            }
        }
    }

    /// <summary>The page as an immutable commit: the lists are copied, so this builder can be reused at once.</summary>
    public PageCommit Build(long syncId, DateTimeOffset at, string watermarkSource, string? watermark) =>
        new(syncId, at, watermarkSource, watermark, [.. _instances], [.. _audit], [.. _outbox], [.. _quarantined], [.. _seen], [.. _deleted],
            [.. _snapshots], [.. _movements], new SyncCounts(_accounts, _transitions, _tasks, _proposals, _quarantined.Count), [])
        {
            Variants = [.. _variants],
        };

    private void Shown(VariantChoice? variant, string accountId, string playbookId, string effectKey, DateTimeOffset now)
    {
        if (variant is not null)
        {
            _variants.Add(new VariantShown(accountId, playbookId, variant.Experiment, variant.Set, variant.Variant, effectKey, now));
        }
    }

    /// <summary>
    /// The instance's step at each effect: an evaluation may chain transitions, and each transition's tasks belong to the
    /// step it entered. The last transition of a playbook ends at the changed instance's step.
    /// </summary>
    private readonly struct StepCounter(AccountEvaluation evaluation)
    {
        private readonly Dictionary<string, int> _current = new(StringComparer.Ordinal);

        public int Transitioned(string playbookId)
        {
            if (!_current.TryGetValue(playbookId, out var step))
            {
                var transitions = evaluation.Effects.Count(e => e is TransitionEffect t && t.PlaybookId == playbookId);
                step = (Find(evaluation.Changed, playbookId)?.Step ?? transitions) - transitions;
            }

            _current[playbookId] = ++step;
            return step;
        }

        public int Current(string playbookId) =>
            _current.TryGetValue(playbookId, out var step) ? step : Find(evaluation.Changed, playbookId)?.Step ?? 0;
    }

    private static PlaybookInstance? Find(ImmutableArray<PlaybookInstance> changed, string playbookId)
    {
        foreach (var instance in changed)
        {
            if (instance.PlaybookId == playbookId)
            {
                return instance;
            }
        }

        return null;
    }
}
