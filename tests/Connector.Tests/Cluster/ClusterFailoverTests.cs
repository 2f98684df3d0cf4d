using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using CrmSuite.Connector.Tests.Cli;
using CrmSuite.Connector.Tests.Support;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace CrmSuite.Connector.Tests.Cluster;

/// <summary>
/// Two `crmsuite run` processes on one PostgreSQL state store are a cluster: Quartz's clustered job store shares the
/// account partitions out between them, every task reaches the CRM once, and when one node is killed (SIGKILL) mid-sync
/// the other takes over its partitions and finishes the sync. The nodes share the embedded CRM file (docs/operations.md
/// says why that is safe); every wait is on state the nodes write, with a deadline.
/// </summary>
public sealed class ClusterFailoverTests
{
    private const int Accounts = 50_000;
    private const int Partitions = 8;
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(8);

    [Fact]
    public async Task Two_nodes_share_the_partitions_and_a_survivor_finishes_the_partitions_of_a_killed_node_with_every_task_written_once()
    {
        var folder = Directory.CreateTempSubdirectory("crmsuite-cluster-").FullName;
        var crm = Path.Combine(folder, "crm.db");
        var seeded = await CliRunner.RunAsync("demo", "seed", "--accounts", Accounts.ToString(CultureInfo.InvariantCulture), "--today", "2026-11-24",
            "--history-days", "0", "--crm-db", crm, "--state-db", Path.Combine(folder, "seed-state.db"));
        Assert.Equal(0, seeded.ExitCode);
        var tasksBefore = await CrmTaskKeysAsync(crm);
        var streamEnd = await CrmStreamEndAsync(crm);

        await using var database = await TestPostgres.CreateAsync();
        using var first = StartNode(folder, "a", crm, database.ConnectionString);
        using var second = StartNode(folder, "b", crm, database.ConnectionString);
        try
        {
            // Both nodes sync part of the accounts, and the second is killed while one of its runs is committing pages.
            await WaitForAsync(database, $"""
                SELECT EXISTS (SELECT 1 FROM syncs WHERE node LIKE '%/{first.Id}/%' AND accounts > 0)
                    AND EXISTS (SELECT 1 FROM syncs WHERE node LIKE '%/{second.Id}/%' AND accounts > 0 AND status = 'running')
                """, "both nodes syncing accounts", [first, second]);
            second.Kill(entireProcessTree: true);
            await second.WaitForExitAsync();
            var unfinishedAtKill = await database.ScalarAsync(
                $"SELECT {Partitions} - COUNT(*) FROM watermarks WHERE source LIKE 'crm.accounts/p%of{Partitions}' AND value = '{streamEnd}'");
            var killedAt = await database.ScalarAsync("SELECT COALESCE(MAX(id), 0) FROM syncs");

            // The survivor finishes every partition (the killed node's included) and delivers every write, the killed
            // node's in-flight ones once their lease ran out.
            await WaitForAsync(database, $"""
                SELECT (SELECT COUNT(*) FROM watermarks WHERE source LIKE 'crm.accounts/p%of{Partitions}' AND value = '{streamEnd}') = {Partitions}
                    AND NOT EXISTS (SELECT 1 FROM outbox WHERE delivered_at IS NULL)
                    AND NOT EXISTS (SELECT 1 FROM outbox_in_flight)
                """, "the survivor to finish every partition", [first]);

            Assert.True(unfinishedAtKill > 0, "every partition was already done when the node was killed");
            Assert.True(await database.ScalarAsync($"SELECT COUNT(*) FROM syncs WHERE id > {killedAt} AND node LIKE '%/{first.Id}/%' AND accounts > 0") > 0,
                "the survivor synced no accounts after the kill");

            var written = await CrmTaskKeysAsync(crm);
            written.ExceptWith(tasksBefore);
            var stored = await OutboxTaskKeysAsync(database);
            Assert.NotEmpty(stored);
            Assert.Equal(stored.Order(StringComparer.Ordinal), written.Order(StringComparer.Ordinal));
            Assert.Equal(0, await CrmDuplicateTaskKeysAsync(crm));
            Assert.Equal(0, await database.ScalarAsync("SELECT COUNT(*) - COUNT(DISTINCT (account_id, key)) FROM outbox"));
        }
        finally
        {
            first.Stop();
            second.Stop();
        }
    }

    private static Node StartNode(string folder, string name, string crm, string store)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["CRMSUITE_Store__Provider"] = "PostgreSql",
            ["CRMSUITE_Store__ConnectionString"] = store,
            ["CRMSUITE_Crm__Embedded__Path"] = crm,
            ["CRMSUITE_Plugins__InboxPath"] = Path.Combine(folder, $"webhooks-{name}.db"),
            ["CRMSUITE_Connector__WebPort"] = FreePort().ToString(CultureInfo.InvariantCulture),
            ["CRMSUITE_Connector__DemoAccounts"] = "0",
            ["CRMSUITE_Connector__SyncCron"] = "0/5 * * * * ?",
            // No sweep while the test runs: each partition's first sync is its start trigger and the cron above.
            ["CRMSUITE_Connector__SweepCron"] = "0 0 0 1 1 ? 2099",
            ["CRMSUITE_Cluster__Partitions"] = Partitions.ToString(CultureInfo.InvariantCulture),
            ["CRMSUITE_Cluster__CheckinInterval"] = "00:00:02",
            ["CRMSUITE_Cluster__OutboxLease"] = "00:00:10",
            ["CRMSUITE_Sync__PageSize"] = "250",
            ["CRMSUITE_Logging__LogLevel__Default"] = "Warning",
        };
        return new Node(CliRunner.Start(environment, "run"));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task WaitForAsync(TestPostgres database, string condition, string what, IReadOnlyList<Node> alive)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            foreach (var node in alive)
            {
                Assert.False(node.HasExited, $"a node exited (code {(node.HasExited ? node.ExitCode : 0)}) while waiting for {what}");
            }

            try
            {
                if (await database.ScalarAsync($"SELECT CASE WHEN ({condition}) THEN 1 ELSE 0 END") == 1)
                {
                    return;
                }
            }
            catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.UndefinedColumn)
            {
                // The first node is still migrating the new database.
            }

            Assert.True(deadline.Elapsed < Deadline, $"timed out waiting for {what}");
            // Polls the store the nodes write; the condition, not the interval, decides when to go on.
            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }
    }

    // The embedded CRM's change stream ends at the highest row version of its accounts and tombstones: the watermark of a
    // finished sync (the connector's writes change no account row).
    private static async Task<string> CrmStreamEndAsync(string crm)
    {
        await using var connection = Open(crm);
        await using var command = connection.CreateCommand();
        command.CommandText =
            "SELECT MAX(v) FROM (SELECT COALESCE(MAX(modified_seq), 0) AS v FROM accounts UNION ALL SELECT COALESCE(MAX(modified_seq), 0) FROM deleted_accounts)";
        return Convert.ToString(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture)!;
    }

    private static async Task<HashSet<string>> CrmTaskKeysAsync(string crm)
    {
        await using var connection = Open(crm);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT key FROM tasks";
        var keys = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            keys.Add(reader.GetString(0));
        }

        return keys;
    }

    private static async Task<long> CrmDuplicateTaskKeysAsync(string crm)
    {
        await using var connection = Open(crm);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) - COUNT(DISTINCT key) FROM tasks";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<List<string>> OutboxTaskKeysAsync(TestPostgres database)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT key FROM outbox WHERE kind = 'task'", connection);
        var keys = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            keys.Add(reader.GetString(0));
        }

        return keys;
    }

    private static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        return connection;
    }

    /// <summary>A connector process; its pid is in its node id (<c>crmsuite host/pid/…</c>), so its runs can be told apart.</summary>
    private sealed class Node(Process process) : IDisposable
    {
        public int Id => process.Id;

        public bool HasExited => process.HasExited;

        public int ExitCode => process.ExitCode;

        public void Kill(bool entireProcessTree) => process.Kill(entireProcessTree);

        public Task WaitForExitAsync() => process.WaitForExitAsync();

        public void Stop()
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }
        }

        public void Dispose() => process.Dispose();
    }
}
