using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using CrmSuite.Connector.Crm;
using CrmSuite.Connector.Sqlite;

namespace CrmSuite.Connector.Store.Sqlite;

/// <summary>
/// The state store's file opened read-only, for the verbs that must write nothing. The file is opened on first use and
/// never created: a missing file reads as an empty store. A store of an older schema is not migrated (that would write);
/// it is refused with a message naming the file.
/// </summary>
internal sealed class SqliteStateSnapshot(IOptions<SqliteStoreOptions> options) : IStateSnapshot, IDisposable
{
    private readonly Lock _open = new();
    private SqliteConnection? _connection;
    private SqliteInstances? _instances;
    private SqliteMrr? _mrr;

    public string Location { get; } = options.Value.Path;

    public bool Exists => File.Exists(Location);

    public async Task<string?> GetWatermarkAsync(string source, CancellationToken cancellationToken)
    {
        if (Connection() is not { } connection)
        {
            return null;
        }

        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT value FROM watermarks WHERE source = $source";
        command.Parameters.AddWithValue("$source", source);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    public Task LoadPageStateAsync(IReadOnlyList<string> accountIds, IReadOnlyList<string> subscriptionIds, PageState into, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        into.Clear();
        if (Connection() is null)
        {
            return Task.CompletedTask;
        }

        var ids = JsonSerializer.Serialize(accountIds, SqliteJson.Default.IReadOnlyListString);
        _instances!.Load(ids, into);
        _mrr!.Load(ids, JsonSerializer.Serialize(subscriptionIds, SqliteJson.Default.IReadOnlyListString), into);
        return Task.CompletedTask;
    }

    public async Task<IReadOnlyList<PendingWrite>> ReadUndeliveredAsync(CancellationToken cancellationToken)
    {
        if (Connection() is not { } connection)
        {
            return [];
        }

        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT id, key, payload FROM outbox o
            WHERE delivered_at IS NULL OR EXISTS (SELECT 1 FROM outbox_in_flight f WHERE o.id BETWEEN f.first_id AND f.last_id)
            ORDER BY id
            """;
        var writes = new List<PendingWrite>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var write = JsonSerializer.Deserialize(reader.GetString(2), CrmJson.Default.CrmWrite)
                ?? throw new InvalidOperationException($"{Location}: outbox row {reader.GetInt64(0)} ({reader.GetString(1)}) has an empty payload.");
            writes.Add(new PendingWrite(reader.GetInt64(0), write));
        }

        return writes;
    }

    public async Task<IReadOnlySet<string>> KnownWriteKeysAsync(IReadOnlyList<(string AccountId, string Key)> keys, CancellationToken cancellationToken)
    {
        var known = new HashSet<string>(StringComparer.Ordinal);
        if (keys.Count == 0 || Connection() is not { } connection)
        {
            return known;
        }

        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT o.key FROM outbox o
            JOIN json_each($keys) k ON o.account_id = json_extract(k.value, '$[0]') AND o.key = json_extract(k.value, '$[1]')
            """;
        command.Parameters.AddWithValue("$keys", JsonSerializer.Serialize(keys.Select(k => new[] { k.AccountId, k.Key }).ToArray(), SqliteJson.Default.StringArrayArray));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            known.Add(reader.GetString(0));
        }

        return known;
    }

    public async Task<IReadOnlyList<InstanceCount>> CountInstancesAsync(string? playbookId, CancellationToken cancellationToken)
    {
        if (Connection() is not { } connection)
        {
            return [];
        }

        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT playbook_id, version, state, COUNT(*) FROM instances
            WHERE $playbook IS NULL OR playbook_id = $playbook
            GROUP BY playbook_id, version, state ORDER BY playbook_id, version, state
            """;
        command.Parameters.AddWithValue("$playbook", (object?)playbookId ?? DBNull.Value);
        var counts = new List<InstanceCount>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            counts.Add(new InstanceCount(reader.GetString(0), reader.GetInt32(1), reader.GetString(2), reader.GetInt64(3)));
        }

        return counts;
    }

    public void Dispose()
    {
        _instances?.Dispose();
        _mrr?.Dispose();
        _connection?.Dispose();
    }

    private SqliteConnection? Connection()
    {
        lock (_open)
        {
            if (_connection is not null || !Exists)
            {
                return _connection;
            }

            var connection = SqliteFile.Open(Location, readOnly: true);
            try
            {
                RefuseOtherSchema(connection);
                // The writer-side statements are prepared on the read-only connection too; only the loads ever run.
                _instances = new SqliteInstances(connection, connection);
                _mrr = new SqliteMrr(connection, connection);
            }
            catch
            {
                connection.Dispose();
                throw;
            }

            return _connection = connection;
        }
    }

    private void RefuseOtherSchema(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_version";
        long version;
        try
        {
            version = Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        }
        catch (SqliteException ex)
        {
            throw new StateStoreUnreadableException($"{Location} is not a CrmSuite state store ({ex.Message}); nothing was read or changed.", ex);
        }

        var latest = SqliteStateStore.Migrator.Latest;
        if (version != latest)
        {
            throw new StateStoreUnreadableException(version < latest
                ? $"{Location}: state store schema version {version} is older than this connector's ({latest}); a read-only verb does not upgrade it. Run `crmsuite status` or a sync once to upgrade it, then try again."
                : $"{Location}: state store schema version {version} is newer than this connector knows ({latest}); upgrade the connector.");
        }
    }
}
