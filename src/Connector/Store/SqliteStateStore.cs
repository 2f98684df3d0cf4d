using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using CrmSuite.Connector.Crm.Embedded;
using CrmSuite.Connector.Sqlite;
using CrmSuite.Connector.Store.Migrations;
using CrmSuite.PlaybookEngine.Runtime;

namespace CrmSuite.Connector.Store;

/// <summary>
/// The state store on one SQLite file (WAL). Migrations run when it opens. The page path — load a page's state, commit a
/// page — uses commands prepared once per store and reused, and one transaction per page. Page state loads run on a
/// second, read-only connection, so a sync can load and evaluate the next page while the current one commits (WAL readers
/// see the last committed state); otherwise one caller at a time.
/// </summary>
internal sealed partial class SqliteStateStore : IStateStore
{
    private readonly SqliteConnection _connection;
    private readonly SqliteConnection _reader;
    private readonly WalCheckpointer _checkpointer;
    private readonly RawStatement _markDelivered;
    private readonly SqliteCommand _loadInstances;
    private readonly SqliteCommand _loadSnapshots;
    private readonly RawStatement _upsertInstance;
    private readonly RawStatement _insertAudit;
    private readonly RawStatement _insertOutbox;
    private readonly RawStatement _upsertQuarantine;
    private readonly SqliteCommand _clearQuarantine;
    private readonly RawStatement _upsertSnapshot;
    private readonly RawStatement _insertMovement;
    private readonly SqliteCommand _setWatermark;
    private readonly SqliteCommand _countSync;

    // Skips the per-page quarantine cleanup while the quarantine is empty (the common case).
    private bool _quarantineMayHoldRows;

    private SqliteStateStore(SqliteConnection connection, SqliteConnection reader, WalCheckpointer checkpointer, bool quarantineHoldsRows)
    {
        _connection = connection;
        _reader = reader;
        _checkpointer = checkpointer;
        _quarantineMayHoldRows = quarantineHoldsRows;
        _loadInstances = SqliteFile.Prepare(reader, """
            SELECT account_id, playbook_id, version, state, entered_at, step, condition_mask, true_since
            FROM instances WHERE account_id IN (SELECT value FROM json_each($ids))
            """, "$ids");
        _loadSnapshots = SqliteFile.Prepare(reader, """
            SELECT subscription_id, account_id, tier, seats, mrr, currency, status
            FROM mrr_snapshots WHERE account_id IN (SELECT value FROM json_each($ids))
            """, "$ids");
        _upsertInstance = new RawStatement(connection, """
            INSERT INTO instances (account_id, playbook_id, version, state, entered_at, step, condition_mask, true_since) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (account_id, playbook_id) DO UPDATE SET version = excluded.version, state = excluded.state,
                entered_at = excluded.entered_at, step = excluded.step, condition_mask = excluded.condition_mask,
                true_since = excluded.true_since
            """);
        _insertAudit = new RawStatement(connection, """
            INSERT INTO audit_log (at, sync_id, triggered_by, account_id, playbook_id, playbook_version, kind, from_state, to_state, reason, effect_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """);
        // A key already in the outbox is the same effect computed again (a re-run of a page): keep the first.
        _insertOutbox = new RawStatement(connection, "INSERT INTO outbox (key, kind, account_id, payload, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (account_id, key) DO NOTHING");
        _markDelivered = new RawStatement(connection, "UPDATE outbox SET delivered_at = ?, attempts = attempts + 1, last_error = NULL WHERE id = ?");
        _upsertQuarantine = new RawStatement(connection, """
            INSERT INTO quarantine (account_id, record_id, field, reason, first_seen, last_seen, sync_id) VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (account_id, record_id, field) DO UPDATE SET reason = excluded.reason, last_seen = excluded.last_seen,
                sync_id = excluded.sync_id
            """);
        _clearQuarantine = SqliteFile.Prepare(connection, """
            DELETE FROM quarantine WHERE account_id IN (SELECT value FROM json_each($ids)) AND sync_id <> $sync
            """, "$ids", "$sync");
        _upsertSnapshot = new RawStatement(connection, """
            INSERT INTO mrr_snapshots (subscription_id, account_id, tier, seats, mrr, currency, status) VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (subscription_id) DO UPDATE SET account_id = excluded.account_id, tier = excluded.tier, seats = excluded.seats,
                mrr = excluded.mrr, currency = excluded.currency, status = excluded.status
            """);
        _insertMovement = new RawStatement(connection, """
            INSERT INTO mrr_ledger (day, account_id, subscription_id, movement, mrr_before, mrr_after, delta, tier_before, tier_after,
                seats_before, seats_after, currency) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """);
        _setWatermark = SqliteFile.Prepare(connection, """
            INSERT INTO watermarks (source, value, updated_at) VALUES ($source, $value, $at)
            ON CONFLICT (source) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
            """, "$source", "$value", "$at");
        _countSync = SqliteFile.Prepare(connection, """
            UPDATE syncs SET accounts = accounts + $accounts, transitions = transitions + $transitions, tasks = tasks + $tasks,
                proposals = proposals + $proposals, quarantined = quarantined + $quarantined, watermark_to = COALESCE($watermark, watermark_to)
            WHERE id = $id
            """, "$accounts", "$transitions", "$tasks", "$proposals", "$quarantined", "$watermark", "$id");
    }

    public string Path => _connection.DataSource;

    /// <summary>Opens (creating if needed) the store at <paramref name="path"/> and applies pending migrations.</summary>
    public static async Task<SqliteStateStore> OpenAsync(string path, TimeProvider time, CancellationToken cancellationToken)
    {
        var connection = await SqliteFile.OpenAsync(path, cancellationToken);
        try
        {
            await SchemaMigrator.MigrateAsync(connection, time.GetUtcNow(), cancellationToken);
            await using var any = connection.CreateCommand();
            any.CommandText = "SELECT EXISTS (SELECT 1 FROM quarantine)";
            var quarantineHoldsRows = Convert.ToInt64(await any.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) == 1;
            var reader = await SqliteFile.OpenAsync(path, cancellationToken, readOnly: true);
            return new SqliteStateStore(connection, reader, await WalCheckpointer.OpenAsync(path, cancellationToken), quarantineHoldsRows);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async Task<string?> GetWatermarkAsync(string source, CancellationToken cancellationToken)
    {
        await using var command = _connection.CreateCommand();
        command.CommandText = "SELECT value FROM watermarks WHERE source = $source";
        command.Parameters.AddWithValue("$source", source);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Task LoadPageStateAsync(IReadOnlyList<string> accountIds, PageState into, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        into.Clear();
        var ids = JsonSerializer.Serialize(accountIds, SqliteJson.Default.IReadOnlyListString);
        _loadInstances.Parameters[0].Value = ids;
        using (var reader = _loadInstances.ExecuteReader())
        {
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
                    ParseTrueSince(reader.GetString(7)));
                if (!into.Instances.TryGetValue(instance.AccountId, out var list))
                {
                    into.Instances[instance.AccountId] = list = new List<PlaybookInstance>(2);
                }

                list.Add(instance);
            }
        }

        _loadSnapshots.Parameters[0].Value = ids;
        using (var reader = _loadSnapshots.ExecuteReader())
        {
            while (reader.Read())
            {
                var snapshot = new MrrSnapshot(
                    reader.GetString(0),
                    reader.GetString(1),
                    reader.GetString(2),
                    reader.GetInt32(3),
                    SqliteText.ParseDecimal(reader.GetString(4)),
                    reader.GetString(5),
                    reader.GetString(6));
                into.Snapshots[snapshot.SubscriptionId] = snapshot;
            }
        }

        return Task.CompletedTask;
    }

    public async Task CommitPageAsync(PageCommit commit, CancellationToken cancellationToken)
    {
        // Cancellation is honoured before the transaction starts; once it has, the page commits whole or rolls back.
        cancellationToken.ThrowIfCancellationRequested();
        var at = SqliteText.Timestamp(commit.At);
        await using var transaction = (SqliteTransaction)await _connection.BeginTransactionAsync(CancellationToken.None);
        try
        {
            Write(transaction, commit, at);
            await transaction.CommitAsync(CancellationToken.None);
            _quarantineMayHoldRows |= commit.Quarantined.Count > 0;
            _checkpointer.Committed();
        }
        catch
        {
            await transaction.RollbackAsync(CancellationToken.None);
            throw;
        }
    }

    // Runs once per page over thousands of rows: compiled fully optimized at once rather than left to tiering.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Write(SqliteTransaction transaction, PageCommit commit, string at)
    {
        foreach (var i in commit.Instances)
        {
            _upsertInstance.Execute(i.AccountId, i.PlaybookId, i.Version, i.State, SqliteText.Timestamp(i.EnteredAt), i.Step,
                unchecked((long)i.ConditionMask), FormatTrueSince(i.TrueSince));
        }

        foreach (var a in commit.Audit)
        {
            _insertAudit.Execute(SqliteText.Timestamp(a.At), commit.SyncId, a.TriggeredBy, a.AccountId, a.PlaybookId, a.PlaybookVersion,
                a.Kind, a.From, a.To, a.Reason, a.EffectKey);
        }

        var ids = commit.OutboxIds;
        ids?.Clear();
        foreach (var o in commit.Outbox)
        {
            var inserted = _insertOutbox.Execute(o.Key, o.Kind, o.AccountId, o.Payload, at) == 1;
            ids?.Add(inserted ? _insertOutbox.LastInsertRowId : 0);
        }

        foreach (var id in commit.Delivered)
        {
            _markDelivered.Execute(at, id);
        }

        foreach (var q in commit.Quarantined)
        {
            _upsertQuarantine.Execute(q.AccountId, q.RecordId, q.Field, q.Reason, at, at, commit.SyncId);
        }

        // Entries of these accounts not raised again by this sync are fixed in the CRM: they leave the quarantine.
        if (commit.SeenAccountIds.Count > 0 && _quarantineMayHoldRows)
        {
            Run(transaction, _clearQuarantine, JsonSerializer.Serialize(commit.SeenAccountIds, SqliteJson.Default.IReadOnlyListString), commit.SyncId);
        }

        foreach (var s in commit.Snapshots)
        {
            _upsertSnapshot.Execute(s.SubscriptionId, s.AccountId, s.Tier, s.Seats, SqliteText.Decimal(s.Mrr), s.Currency, s.Status);
        }

        foreach (var m in commit.Movements)
        {
            _insertMovement.Execute(SqliteText.Date(m.Day), m.AccountId, m.SubscriptionId, Movement(m.Kind), SqliteText.Decimal(m.MrrBefore),
                SqliteText.Decimal(m.MrrAfter), SqliteText.Decimal(m.MrrAfter - m.MrrBefore), m.TierBefore, m.TierAfter, m.SeatsBefore, m.SeatsAfter,
                m.Currency);
        }

        if (commit.Watermark is not null)
        {
            Run(transaction, _setWatermark, commit.WatermarkSource, commit.Watermark, at);
        }

        var c = commit.Counts;
        Run(transaction, _countSync, c.Accounts, c.Transitions, c.Tasks, c.Proposals, c.Quarantined, commit.Watermark, commit.SyncId);
    }

    private RawStatement[] Inserts => [_upsertInstance, _insertAudit, _insertOutbox, _markDelivered, _upsertQuarantine, _upsertSnapshot, _insertMovement];

    public static string Movement(MrrMovementKind kind) => kind switch
    {
        MrrMovementKind.New => "new",
        MrrMovementKind.Expansion => "expansion",
        MrrMovementKind.Contraction => "contraction",
        MrrMovementKind.Churn => "churn",
        _ => "reactivation",
    };

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
