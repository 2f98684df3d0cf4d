using CrmSuite.Connector.Store;
using CrmSuite.Connector.Store.PostgreSql;
using CrmSuite.Connector.Sync;
using CrmSuite.Connector.Tests.Cli;
using CrmSuite.Connector.Tests.Support;

namespace CrmSuite.Connector.Tests.Store;

/// <summary>
/// <c>crmsuite store migrate --to postgresql</c>: a SQLite state store a real sync wrote moves into PostgreSQL whole, its
/// counts and checksums verified, or nothing moves; a re-run after success changes nothing.
/// </summary>
public sealed class StoreMigrationTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private TestPostgres? _database;

    private TestPostgres Database => _database!;

    private string StatePath => _folder.File("state.db");

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
    public async Task Migrating_copies_every_table_and_the_postgresql_store_reads_back_what_the_sqlite_store_held()
    {
        var sqlite = await SyncedSqliteStoreAsync();

        var run = await MigrateAsync();

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("counts and checksums verified", run.Output, StringComparison.Ordinal);
        Assert.Contains("instances: 12 rows copied, count and checksum verified", run.Error, StringComparison.Ordinal);
        await using var postgres = await PostgreSqlStateStore.OpenAsync(Database.ConnectionString, TimeProvider.System, CancellationToken.None);
        var copied = await postgres.ReadStatusAsync(10, 10, CancellationToken.None);
        Assert.Equal(Comparable(sqlite), Comparable(copied));
        Assert.Equal(sqlite.RecentSyncs, copied.RecentSyncs);
        Assert.Equal(await TestPipeline.StateScalar(StatePath, "SELECT COUNT(*) FROM mrr_ledger"), await Database.ScalarAsync("SELECT COUNT(*) FROM mrr_ledger"));
    }

    [Fact]
    public async Task The_metrics_of_the_migrated_postgresql_store_are_those_of_the_sqlite_store_it_came_from()
    {
        await SyncedSqliteStoreAsync();
        Assert.Equal(0, (await MigrateAsync()).ExitCode);
        string[] metrics = ["metrics", "--from", "2026-01-01", "--to", "2026-11-30", "--by", "quarter", "--format", "json", "--crm-db", _folder.File("crm.db")];

        var sqlite = await CliRunner.RunInAsync(_folder.Path, new Dictionary<string, string>(), [.. metrics, "--state-db", StatePath]);
        var postgres = await CliRunner.RunInAsync(_folder.Path,
            new Dictionary<string, string> { ["CRMSUITE_Store__Provider"] = "PostgreSql", ["CRMSUITE_Store__ConnectionString"] = Database.ConnectionString }, metrics);

        Assert.True(sqlite.ExitCode == 0, sqlite.Error);
        Assert.True(postgres.ExitCode == 0, postgres.Error);
        Assert.Contains("\"mrr_at_end\"", postgres.Output, StringComparison.Ordinal);
        Assert.Equal(sqlite.Output, postgres.Output);
    }

    [Fact]
    public async Task The_postgresql_store_numbers_its_next_rows_after_the_copied_ones()
    {
        await SyncedSqliteStoreAsync();
        Assert.Equal(0, (await MigrateAsync()).ExitCode);
        var copiedMax = await Database.ScalarAsync("SELECT MAX(id) FROM syncs");

        await using var postgres = await PostgreSqlStateStore.OpenAsync(Database.ConnectionString, TimeProvider.System, CancellationToken.None);
        var next = await postgres.BeginRunAsync(SyncRunKind.Incremental, null, DateTimeOffset.UnixEpoch, CancellationToken.None);

        Assert.Equal(copiedMax + 1, next);
    }

    [Fact]
    public async Task Migrating_again_after_a_success_finds_the_same_rows_and_writes_nothing()
    {
        await SyncedSqliteStoreAsync();
        Assert.Equal(0, (await MigrateAsync()).ExitCode);
        var instances = await Database.ScalarAsync("SELECT COUNT(*) FROM instances");

        var again = await MigrateAsync();

        Assert.True(again.ExitCode == 0, again.Error);
        Assert.Contains("nothing was written", again.Output, StringComparison.Ordinal);
        Assert.Equal(instances, await Database.ScalarAsync("SELECT COUNT(*) FROM instances"));
    }

    [Fact]
    public async Task A_row_postgresql_refuses_rolls_back_the_whole_copy_and_a_run_after_the_fix_completes()
    {
        await SyncedSqliteStoreAsync();
        // PostgreSQL text cannot hold a NUL character; SQLite's can. The table is copied last, after every other.
        await ExecuteSqliteAsync("INSERT INTO mrr_daily (day, currency, paying_accounts, mrr) VALUES ('2026-11-24', 'US' || char(0) || 'D', 1, '5')");

        var refused = await MigrateAsync();

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("nothing was copied", refused.Error, StringComparison.Ordinal);
        Assert.Equal(0, await Database.ScalarAsync("SELECT COUNT(*) FROM instances"));
        Assert.Equal(0, await Database.ScalarAsync("SELECT COUNT(*) FROM outbox"));

        await ExecuteSqliteAsync("DELETE FROM mrr_daily WHERE currency <> 'USD'");
        var fixedRun = await MigrateAsync();

        Assert.True(fixedRun.ExitCode == 0, fixedRun.Error);
        Assert.Equal(12, await Database.ScalarAsync("SELECT COUNT(*) FROM instances"));
    }

    [Fact]
    public async Task A_database_holding_another_state_store_is_refused_and_left_as_it_was()
    {
        await SyncedSqliteStoreAsync();
        await using (var other = await PostgreSqlStateStore.OpenAsync(Database.ConnectionString, TimeProvider.System, CancellationToken.None))
        {
            await other.BeginRunAsync(SyncRunKind.Full, null, DateTimeOffset.UnixEpoch, CancellationToken.None);
        }

        var run = await MigrateAsync();

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("already holds a state store (syncs 1 rows)", run.Error, StringComparison.Ordinal);
        Assert.Equal(0, await Database.ScalarAsync("SELECT COUNT(*) FROM instances"));
        Assert.Equal(1, await Database.ScalarAsync("SELECT COUNT(*) FROM syncs"));
    }

    [Fact]
    public async Task A_missing_sqlite_store_is_named_and_not_created()
    {
        var run = await MigrateAsync();

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"{StatePath}: no SQLite state store there, nothing to migrate", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(StatePath));
    }

    [Fact]
    public async Task Migrating_without_a_connection_string_names_the_key()
    {
        var run = await CliRunner.RunInAsync(_folder.Path, new Dictionary<string, string>(), "store", "migrate", "--to", "postgresql", "--state-db", StatePath);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Store:ConnectionString must be set", run.Error, StringComparison.Ordinal);
    }

    // A real sync over 12 accounts (pages of 5) with deliveries, then a daily MRR snapshot and a ledger movement of its own.
    private async Task<StoreStatus> SyncedSqliteStoreAsync()
    {
        await using var t = await TestPipeline.CreateAsync(_folder, pageSize: 5);
        await TestCrm.WriteAsync(t.Crm, AccountBuilder.Many(10).Concat([new AccountBuilder("A0011", SeatsUsed: 10), new AccountBuilder("A0012", SeatsUsed: 9)]));
        await t.Pipeline.RunOnceAsync(SyncMode.Full, CancellationToken.None);
        await t.Ledger.SnapshotMrrAsync(new DateOnly(2026, 11, 24), CancellationToken.None);
        return await t.StoreStatus.ReadStatusAsync(10, 10, CancellationToken.None);
    }

    private Task<CliRunner.Result> MigrateAsync() =>
        CliRunner.RunInAsync(_folder.Path, new Dictionary<string, string> { ["CRMSUITE_Store__ConnectionString"] = Database.ConnectionString },
            "store", "migrate", "--to", "postgresql", "--state-db", StatePath);

    private async Task ExecuteSqliteAsync(string sql)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={StatePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static object Comparable(StoreStatus s) =>
        (s.Watermark, s.OutboxPending, s.OutboxDelivered, s.OldestPending, s.QuarantineCount, s.Instances, s.AuditEntries, s.UnplacedCount);
}
