using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using CrmSuite.Connector.Sqlite;

namespace CrmSuite.Connector.Store.Sqlite;

/// <summary>
/// The quarantine: entries raised by a page are upserted; entries of the page's accounts that it did not raise again are
/// fixed in the CRM and leave; a deleted account's entries leave with it.
/// </summary>
internal sealed class SqliteQuarantine : IDisposable
{
    private readonly RawStatement _upsert;
    private readonly SqliteCommand _clear;
    private readonly SqliteCommand _delete;

    // Skips the per-page cleanup while the quarantine is empty (the common case).
    private bool _mayHoldRows;

    public SqliteQuarantine(SqliteConnection writer)
    {
        _upsert = new RawStatement(writer, """
            INSERT INTO quarantine (account_id, record_id, field, reason, first_seen, last_seen, sync_id) VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (account_id, record_id, field) DO UPDATE SET reason = excluded.reason, last_seen = excluded.last_seen,
                sync_id = excluded.sync_id
            """);
        _clear = SqliteFile.Prepare(writer, """
            DELETE FROM quarantine WHERE account_id IN (SELECT value FROM json_each($ids)) AND sync_id <> $sync
            """, "$ids", "$sync");
        _delete = SqliteFile.Prepare(writer, "DELETE FROM quarantine WHERE account_id IN (SELECT value FROM json_each($ids))", "$ids");
        using var any = writer.CreateCommand();
        any.CommandText = "SELECT EXISTS (SELECT 1 FROM quarantine)";
        _mayHoldRows = Convert.ToInt64(any.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 1;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Write(SqliteTransaction transaction, PageCommit commit, string at)
    {
        foreach (var q in commit.Quarantined)
        {
            _upsert.Execute(q.AccountId, q.RecordId, q.Field, q.Reason, at, at, commit.SyncId);
        }

        if (!_mayHoldRows && commit.Quarantined.Count == 0)
        {
            return;
        }

        if (commit.SeenAccountIds.Count > 0)
        {
            _clear.Transaction = transaction;
            _clear.Parameters[0].Value = JsonSerializer.Serialize(commit.SeenAccountIds, SqliteJson.Default.IReadOnlyListString);
            _clear.Parameters[1].Value = commit.SyncId;
            _clear.ExecuteNonQuery();
        }

        if (commit.DeletedAccountIds.Count > 0)
        {
            _delete.Transaction = transaction;
            _delete.Parameters[0].Value = JsonSerializer.Serialize(commit.DeletedAccountIds, SqliteJson.Default.IReadOnlyListString);
            _delete.ExecuteNonQuery();
        }
    }

    /// <summary>Called once the page's transaction committed.</summary>
    public void Committed(PageCommit commit) => _mayHoldRows |= commit.Quarantined.Count > 0;

    public void Dispose()
    {
        _upsert.Dispose();
        _clear.Dispose();
        _delete.Dispose();
    }
}
