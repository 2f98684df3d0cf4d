using Microsoft.Data.Sqlite;
using CrmSuite.Connector.Sqlite;

namespace CrmSuite.Connector.Store.Sqlite;

/// <summary>Sync runs and watermarks: a run's counters grow with each page, and the page's watermark moves in its transaction.</summary>
internal sealed class SqliteRuns : IDisposable
{
    private readonly SqliteCommand _setWatermark;
    private readonly SqliteCommand _count;

    public SqliteRuns(SqliteConnection writer)
    {
        _setWatermark = SqliteFile.Prepare(writer, """
            INSERT INTO watermarks (source, value, updated_at) VALUES ($source, $value, $at)
            ON CONFLICT (source) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
            """, "$source", "$value", "$at");
        _count = SqliteFile.Prepare(writer, """
            UPDATE syncs SET accounts = accounts + $accounts, transitions = transitions + $transitions, tasks = tasks + $tasks,
                proposals = proposals + $proposals, quarantined = quarantined + $quarantined, watermark_to = COALESCE($watermark, watermark_to)
            WHERE id = $id
            """, "$accounts", "$transitions", "$tasks", "$proposals", "$quarantined", "$watermark", "$id");
    }

    public void Write(SqliteTransaction transaction, PageCommit commit, string at)
    {
        if (commit.Watermark is not null)
        {
            Run(transaction, _setWatermark, commit.WatermarkSource, commit.Watermark, at);
        }

        var c = commit.Counts;
        Run(transaction, _count, c.Accounts, c.Transitions, c.Tasks, c.Proposals, c.Quarantined, commit.Watermark, commit.SyncId);
    }

    public void Dispose()
    {
        _setWatermark.Dispose();
        _count.Dispose();
    }

    private static void Run(SqliteTransaction transaction, SqliteCommand command, params object?[] values)
    {
        command.Transaction = transaction;
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = SqliteFile.Db(values[i]);
        }

        command.ExecuteNonQuery();
    }
}
