using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using CrmSuite.Connector.Sqlite;

namespace CrmSuite.Connector.Store.Sqlite;

/// <summary>The audit log: one row per entry, with the one-line reason, the structured provenance and the refusing guardrail.</summary>
internal sealed class SqliteAudit(SqliteConnection writer) : IDisposable
{
    private readonly RawStatement _insert = new(writer, """
        INSERT INTO audit_log (at, sync_id, triggered_by, account_id, playbook_id, playbook_version, kind, from_state, to_state, reason,
            effect_key, provenance, guardrail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """);

    // Seen at every sync while it lasts, recorded once: the partial unique index of migration 0006 keeps one row per key.
    private readonly RawStatement _insertUnplaced = new(writer, """
        INSERT INTO audit_log (at, sync_id, triggered_by, account_id, playbook_id, playbook_version, kind, from_state, to_state, reason,
            effect_key, provenance, guardrail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (effect_key) WHERE kind = 'unplaced' DO NOTHING
        """);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Write(PageCommit commit)
    {
        foreach (var a in commit.Audit)
        {
            var reason = a.Refusal is { } refusal ? $"{a.Reason}; refused by {refusal}" : a.Reason.ToString();
            (a.Kind == AuditKind.Unplaced ? _insertUnplaced : _insert).Execute(SqliteText.Timestamp(a.At), commit.SyncId, a.TriggeredBy, a.AccountId, a.PlaybookId, a.PlaybookVersion,
                StoreText.AuditKind(a.Kind), a.Reason.From, a.Reason.To, reason, a.EffectKey, a.ProvenanceJson,
                a.Refusal?.Rule);
        }
    }

    public void Dispose()
    {
        _insert.Dispose();
        _insertUnplaced.Dispose();
    }
}
