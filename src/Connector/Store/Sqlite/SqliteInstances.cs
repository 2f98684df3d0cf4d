using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using CrmSuite.Connector.Sqlite;
using CrmSuite.PlaybookEngine.Runtime;

namespace CrmSuite.Connector.Store.Sqlite;

/// <summary>
/// Playbook instances: loaded for a page on the store's read-only connection, upserted (and removed for deleted accounts)
/// inside the page's transaction on the writer.
/// </summary>
internal sealed class SqliteInstances : IDisposable
{
    private readonly SqliteCommand _load;
    private readonly RawStatement _upsert;
    private readonly SqliteCommand _delete;

    public SqliteInstances(SqliteConnection writer, SqliteConnection reader)
    {
        _load = SqliteFile.Prepare(reader, """
            SELECT account_id, playbook_id, version, state, entered_at, step, condition_mask, true_since, experiment, held_out
            FROM instances WHERE account_id IN (SELECT value FROM json_each($ids))
            """, "$ids");
        _upsert = new RawStatement(writer, """
            INSERT INTO instances (account_id, playbook_id, version, state, entered_at, step, condition_mask, true_since, experiment, held_out)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (account_id, playbook_id) DO UPDATE SET version = excluded.version, state = excluded.state,
                entered_at = excluded.entered_at, step = excluded.step, condition_mask = excluded.condition_mask,
                true_since = excluded.true_since, experiment = excluded.experiment, held_out = excluded.held_out
            """);
        _delete = SqliteFile.Prepare(writer, "DELETE FROM instances WHERE account_id IN (SELECT value FROM json_each($ids))", "$ids");
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Load(string ids, PageState into)
    {
        _load.Parameters[0].Value = ids;
        using var reader = _load.ExecuteReader();
        while (reader.Read())
        {
            var instance = new PlaybookInstance(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetInt32(2),
                reader.GetString(3),
                DateTimeOffset.Parse(reader.GetString(4), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
                reader.GetInt32(5),
                unchecked((ulong)reader.GetInt64(6)),
                ParseTrueSince(reader.GetString(7)))
            {
                Experiment = reader.IsDBNull(8) ? null : reader.GetString(8),
                HeldOut = reader.GetInt32(9) != 0,
            };
            if (!into.Instances.TryGetValue(instance.AccountId, out var list))
            {
                into.Instances[instance.AccountId] = list = new List<PlaybookInstance>(2);
            }

            list.Add(instance);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Write(SqliteTransaction transaction, PageCommit commit)
    {
        foreach (var i in commit.Instances)
        {
            _upsert.Execute(i.AccountId, i.PlaybookId, i.Version, i.State, SqliteText.Timestamp(i.EnteredAt), i.Step,
                unchecked((long)i.ConditionMask), FormatTrueSince(i.TrueSince), i.Experiment, i.HeldOut ? 1 : 0);
        }

        if (commit.DeletedAccountIds.Count > 0)
        {
            _delete.Transaction = transaction;
            _delete.Parameters[0].Value = JsonSerializer.Serialize(commit.DeletedAccountIds, SqliteJson.Default.IReadOnlyListString);
            _delete.ExecuteNonQuery();
        }
    }

    public void Dispose()
    {
        _load.Dispose();
        _upsert.Dispose();
        _delete.Dispose();
    }

    // An instance's per-condition "true since" steps are stored as comma-separated integers.
    private static string FormatTrueSince(ImmutableArray<int> trueSince)
    {
        if (trueSince.IsDefaultOrEmpty)
        {
            return "";
        }

        var builder = new StringBuilder(trueSince.Length * 6);
        for (var i = 0; i < trueSince.Length; i++)
        {
            if (i > 0)
            {
                builder.Append(',');
            }

            builder.Append(trueSince[i].ToString(CultureInfo.InvariantCulture));
        }

        return builder.ToString();
    }

    private static ImmutableArray<int> ParseTrueSince(string text)
    {
        if (text.Length == 0)
        {
            return [];
        }

        var parts = text.Split(',');
        var values = ImmutableArray.CreateBuilder<int>(parts.Length);
        foreach (var part in parts)
        {
            values.Add(int.Parse(part, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture));
        }

        return values.MoveToImmutable();
    }
}
