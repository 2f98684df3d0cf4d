using Npgsql;
using CrmSuite.Connector.Sqlite;
using CrmSuite.Connector.Store.PostgreSql;
using CrmSuite.Connector.Sync;
using CrmSuite.Connector.Tests.Cli;
using CrmSuite.Connector.Tests.Support;

namespace CrmSuite.Connector.Tests.Store;

/// <summary>Choosing PostgreSQL by configuration, its single writer, and the same sync giving the same state on both stores.</summary>
public sealed class PostgreSqlStoreTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private TestPostgres? _database;

    private TestPostgres Database => _database!;

    public async Task InitializeAsync() => _database = await TestPostgres.CreateAsync();

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        _folder.Dispose();
    }

    [Fact]
    public void Both_stores_have_the_same_migration_versions()
    {
        var sqlite = new SqliteMigrator("CrmSuite.Connector.Store.Sqlite.Migrations.", "state store").Scripts.Select(s => s.Version);

        Assert.Equal(sqlite, PostgreSqlMigrator.Scripts.Select(s => s.Version));
        Assert.Equal(Connector.Store.StoreTables.SchemaVersion, PostgreSqlMigrator.Latest);
    }

    [Fact]
    public async Task A_database_at_a_higher_version_gets_a_lower_script_it_never_ran()
    {
        await using var dataSource = NpgsqlDataSource.Create(Database.ConnectionString);
        var first = await PostgreSqlMigrator.MigrateAsync(dataSource, "test", DateTimeOffset.UnixEpoch, CancellationToken.None);
        await using (var forget = dataSource.CreateCommand("DELETE FROM schema_version WHERE version = 16"))
        {
            await forget.ExecuteNonQueryAsync();
        }

        var second = await PostgreSqlMigrator.MigrateAsync(dataSource, "test", DateTimeOffset.UnixEpoch, CancellationToken.None);
        var third = await PostgreSqlMigrator.MigrateAsync(dataSource, "test", DateTimeOffset.UnixEpoch, CancellationToken.None);

        Assert.Equal(PostgreSqlMigrator.Scripts.Select(s => s.Version), first);
        Assert.Equal([16], second);
        Assert.Empty(third);
    }

    [Fact]
    public async Task The_same_full_sync_leaves_the_same_state_on_sqlite_and_on_postgresql()
    {
        using var sqliteFolder = new TempFolder();
        await using var onSqlite = await TestPipeline.CreateAsync(sqliteFolder, pageSize: 4);
        await using var onPostgres = await TestPipeline.CreateAsync(_folder, pageSize: 4, new Dictionary<string, string?>
        {
            ["Store:Provider"] = "PostgreSql",
            ["Store:ConnectionString"] = Database.ConnectionString,
        });
        var accounts = AccountBuilder.Many(9).Concat([new AccountBuilder("A0010", SeatsUsed: 10), new AccountBuilder("A0011", Seats: -1)]).ToList();
        await TestCrm.WriteAsync(onSqlite.Crm, accounts);
        await TestCrm.WriteAsync(onPostgres.Crm, accounts);

        var sqliteRun = await onSqlite.Pipeline.RunOnceAsync(SyncMode.Full, CancellationToken.None);
        var postgresRun = await onPostgres.Pipeline.RunOnceAsync(SyncMode.Full, CancellationToken.None);

        Assert.Equal((sqliteRun.Accounts, sqliteRun.Transitions, sqliteRun.Tasks, sqliteRun.Quarantined, sqliteRun.Delivered),
            (postgresRun.Accounts, postgresRun.Transitions, postgresRun.Tasks, postgresRun.Quarantined, postgresRun.Delivered));
        var sqlite = await onSqlite.StoreStatus.ReadStatusAsync(5, 5, CancellationToken.None);
        var postgres = await onPostgres.StoreStatus.ReadStatusAsync(5, 5, CancellationToken.None);
        Assert.Equal((sqlite.Instances, sqlite.AuditEntries, sqlite.OutboxPending, sqlite.OutboxDelivered, sqlite.QuarantineCount, sqlite.Watermark),
            (postgres.Instances, postgres.AuditEntries, postgres.OutboxPending, postgres.OutboxDelivered, postgres.QuarantineCount, postgres.Watermark));
        Assert.Equal(sqlite.Quarantine, postgres.Quarantine);
        Assert.StartsWith("postgresql://127.0.0.1:", onPostgres.StoreStatus.Location, StringComparison.Ordinal);
        Assert.Equal(await onSqlite.Ledger.SnapshotMrrAsync(new DateOnly(2026, 11, 24), CancellationToken.None),
            await onPostgres.Ledger.SnapshotMrrAsync(new DateOnly(2026, 11, 24), CancellationToken.None));
    }

    [Fact]
    public void A_second_writer_of_the_same_postgresql_store_is_refused_and_told_who_holds_it()
    {
        var claim = new PostgreSqlWriterClaim(Database.ConnectionString);
        using (var first = claim.TryTake("crmsuite run (pid 1)"))
        {
            Assert.NotNull(first);
            Assert.Null(claim.TryTake("crmsuite sync --once (pid 2)"));
            Assert.StartsWith("crmsuite run (pid 1), connected since ", claim.Holder(), StringComparison.Ordinal);
        }

        using var after = claim.TryTake("crmsuite sync --once (pid 2)");
        Assert.NotNull(after);
    }

    [Fact]
    public async Task Status_on_postgresql_names_the_server_and_database_without_the_password()
    {
        var connection = new Npgsql.NpgsqlConnectionStringBuilder(Database.ConnectionString) { Password = "s3cret-pw" }.ConnectionString;

        var run = await CliRunner.RunInAsync(_folder.Path, new Dictionary<string, string>
        {
            ["CRMSUITE_Store__Provider"] = "PostgreSql",
            ["CRMSUITE_Store__ConnectionString"] = connection,
        }, "status");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains($"State store: postgresql://127.0.0.1:", run.Output, StringComparison.Ordinal);
        Assert.Contains("Writer: none", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-pw", run.Output + run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(_folder.File("data/state.db")));
        Assert.Contains("Webhooks: none received", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_on_postgresql_counts_the_webhook_events_every_node_stored_in_the_store()
    {
        await using (await PostgreSqlStateStore.OpenAsync(Database.ConnectionString, TimeProvider.System, CancellationToken.None))
        {
        }

        await Database.ExecuteAsync("""
            INSERT INTO webhook_events (event_key, handler, message, entity, row_id, depth, correlation_id, verdict, received_at, handled_at, result, attempts)
            VALUES ('e1', 'answers', 'Update', 'cs_upgradeproposal', 'r1', 1, 'c1', 'accepted', now(), now(), 'handled', 1),
                   ('e2', 'answers', 'Update', 'cs_upgradeproposal', 'r2', 1, 'c2', 'accepted', now(), NULL, 'the CRM did not answer', 2)
            """);

        var run = await CliRunner.RunInAsync(_folder.Path, new Dictionary<string, string>
        {
            ["CRMSUITE_Store__Provider"] = "PostgreSql",
            ["CRMSUITE_Store__ConnectionString"] = Database.ConnectionString,
        }, "status");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("Webhooks (webhook_events in the state store): 2 accepted, 1 handled, 1 waiting; last failure: the CRM did not answer", run.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(_folder.File("data/webhooks.db")));
    }

    [Fact]
    public async Task An_unknown_store_provider_stops_the_start_naming_the_key()
    {
        var run = await CliRunner.RunInAsync(_folder.Path, new Dictionary<string, string> { ["CRMSUITE_Store__Provider"] = "Oracle" }, "status");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Store:Provider must be Sqlite or PostgreSql, got `Oracle`.", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_postgresql_store_that_cannot_be_reached_stops_the_verb_naming_the_store_without_a_stack_trace()
    {
        // Port 1 on loopback: nothing listens there, the connection is refused at once.
        var run = await CliRunner.RunInAsync(_folder.Path, new Dictionary<string, string>
        {
            ["CRMSUITE_Store__Provider"] = "PostgreSql",
            ["CRMSUITE_Store__ConnectionString"] = "Host=127.0.0.1;Port=1;Username=crmsuite;Password=s3cret-pw;Timeout=5",
        }, "status");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("crmsuite status: cannot open the state store postgresql://127.0.0.1:1/crmsuite:", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-pw", run.Error, StringComparison.Ordinal);
    }
}
