using System.Globalization;
using System.Net;
using System.Net.Sockets;
using CrmSuite.Connector.Locking;
using CrmSuite.Connector.Tests.Cli;
using CrmSuite.Connector.Tests.Support;
using CrmSuite.Connector.Tests.Web;
using Microsoft.Data.Sqlite;

namespace CrmSuite.Connector.Tests.Hosting;

/// <summary>
/// One writer per data folder (docs/operations.md, "One writer per data folder"), through the real process: a second
/// writer exits 2 naming the holder and changes nothing; a killed sync shows as interrupted; a host binds its port first.
/// </summary>
public sealed class SingleWriterTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string Crm => _folder.File("crm.db");

    private string State => _folder.File("state.db");

    [Theory]
    [InlineData("sync", "--once")]
    [InlineData("demo", "seed", "--accounts", "10", "--history-days", "0")]
    [InlineData("proposal", "answer", "no-such-key", "--answer", "accepted")]
    public async Task A_second_writer_on_a_data_folder_exits_2_naming_the_holder_and_changes_nothing(params string[] verb)
    {
        await SeedAsync(200);
        var crmBefore = await TestCrm.DumpAsync(Crm);

        using (WriterLock.Acquire([new DataFile(State, DataWrites.State)], "crmsuite sync --once (the first writer)", TimeProvider.System))
        {
            var second = await CliRunner.RunAsync([.. verb, "--crm-db", Crm, "--state-db", State]);

            Assert.Equal(2, second.ExitCode);
            Assert.Contains("is in use by crmsuite sync --once (the first writer) (pid", second.Error, StringComparison.Ordinal);
            Assert.Contains(Path.GetFullPath(State), second.Error, StringComparison.Ordinal);
        }

        Assert.Equal(crmBefore, await TestCrm.DumpAsync(Crm));
        Assert.Equal(0, await ScalarAsync(State, "SELECT COUNT(*) FROM syncs"));
    }

    [Fact]
    public async Task Two_syncs_started_together_book_each_movement_and_transition_once()
    {
        await SeedAsync(5_000);

        var both = await Task.WhenAll(SyncAsync(), SyncAsync());

        Assert.Contains(both, r => r.ExitCode == 0);
        Assert.All(both, r => Assert.True(r.ExitCode is 0 or 2, r.Error));
        Assert.True(await ScalarAsync(State, "SELECT COUNT(*) FROM mrr_ledger") > 0);
        Assert.Equal(0, await ScalarAsync(State,
            "SELECT COUNT(*) FROM (SELECT 1 FROM mrr_ledger GROUP BY subscription_id, day, movement HAVING COUNT(*) > 1)"));
        Assert.Equal(0, await ScalarAsync(State, "SELECT COUNT(*) FROM (SELECT 1 FROM audit_log GROUP BY effect_key HAVING COUNT(*) > 1)"));
    }

    [Fact]
    public async Task Once_the_first_writer_is_gone_the_next_one_runs()
    {
        await SeedAsync(200);
        using (WriterLock.Acquire([new DataFile(Crm, DataWrites.Crm)], "crmsuite import", TimeProvider.System))
        {
            Assert.Equal(2, (await SyncAsync()).ExitCode);
        }

        var synced = await SyncAsync();

        Assert.True(synced.ExitCode == 0, synced.Error);
        Assert.Equal(1, await ScalarAsync(State, "SELECT COUNT(*) FROM syncs WHERE status = 'completed'"));
    }

    [Fact]
    public async Task Status_reads_while_a_writer_holds_the_folder_and_names_it()
    {
        await SeedAsync(50);
        Assert.Equal(0, (await SyncAsync()).ExitCode);

        using var writer = WriterLock.Acquire([new DataFile(State, DataWrites.State)], "crmsuite run", TimeProvider.System);
        var status = await CliRunner.RunAsync("status", "--state-db", State);

        Assert.Equal(0, status.ExitCode);
        Assert.Contains("Writer: crmsuite run (pid", status.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_killed_sync_shows_as_interrupted_and_the_next_sync_records_it_so()
    {
        await SeedAsync(30_000);
        // Small pages keep the run going long after its first commit, however fast the machine.
        var smallPages = new Dictionary<string, string>(StringComparer.Ordinal) { ["CRMSUITE_Sync__PageSize"] = "100" };
        using (var process = CliRunner.Start(smallPages, "sync", "--once", "--crm-db", Crm, "--state-db", State))
        {
            // The condition, not the interval, decides when to kill: once the first page has committed.
            while (!process.HasExited && await WatermarkAsync() is null)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(15));
            }

            Assert.False(process.HasExited, "the sync finished before the kill; seed more accounts");
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        var afterKill = await CliRunner.RunAsync("status", "--state-db", State);
        Assert.Contains("#1 incremental interrupted", afterKill.Output, StringComparison.Ordinal);
        Assert.Contains("never finished", afterKill.Output, StringComparison.Ordinal);
        Assert.Contains("the next sync resumes after the last of them", afterKill.Output, StringComparison.Ordinal);

        Assert.Equal(0, (await SyncAsync()).ExitCode);

        Assert.Equal("interrupted", await TextAsync(State, "SELECT status FROM syncs WHERE id = 1"));
        Assert.Equal("completed", await TextAsync(State, "SELECT status FROM syncs WHERE id = 2"));
    }

    [Fact]
    public async Task A_second_host_on_a_running_host_s_data_folder_exits_2_without_syncing()
    {
        var host = new WorkQueueHost();
        try
        {
            await host.InitializeAsync();
            var syncsBefore = await ScalarAsync(host.StatePath, "SELECT COUNT(*) FROM syncs");

            var second = await CliRunner.RunInAsync(_folder.Path, "run", $"--Connector:WebPort={WorkQueueHost.FreePort()}",
                $"--Crm:Embedded:Path={host.CrmPath}", $"--Store:Sqlite:Path={host.StatePath}",
                $"--Connector:PlaybooksPath={Path.Combine(CliRunner.RepositoryRoot, "playbooks")}");
            var sync = await CliRunner.RunAsync("sync", "--once", "--crm-db", host.CrmPath, "--state-db", host.StatePath);

            Assert.Equal(2, second.ExitCode);
            Assert.Contains("is in use by crmsuite run (pid", second.Error, StringComparison.Ordinal);
            Assert.Equal(2, sync.ExitCode);
            Assert.Contains("use its work queue", sync.Error, StringComparison.Ordinal);
            Assert.Equal(syncsBefore, await ScalarAsync(host.StatePath, "SELECT COUNT(*) FROM syncs"));
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_host_whose_port_is_in_use_exits_2_before_any_sync()
    {
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        var port = ((IPEndPoint)occupant.LocalEndpoint).Port;

        var host = await CliRunner.RunInAsync(_folder.Path, "run", $"--Connector:WebPort={port}", "--Connector:DemoAccounts=50",
            $"--Crm:Embedded:Path={Crm}", $"--Store:Sqlite:Path={State}", $"--Connector:PlaybooksPath={Path.Combine(CliRunner.RepositoryRoot, "playbooks")}");

        Assert.Equal(2, host.ExitCode);
        Assert.Contains($"the port is in use by another program (Connector:WebPort={port}); nothing was synced", host.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", host.Error, StringComparison.Ordinal);
        Assert.True(!File.Exists(State) || await ScalarAsync(State, "SELECT COUNT(*) FROM syncs") == 0);
    }

    private async Task SeedAsync(int accounts)
    {
        var seeded = await CliRunner.RunAsync("demo", "seed", "--accounts", accounts.ToString(CultureInfo.InvariantCulture), "--history-days", "0",
            "--today", "2026-11-24", "--crm-db", Crm, "--state-db", State);
        Assert.True(seeded.ExitCode == 0, seeded.Error);
    }

    private Task<CliRunner.Result> SyncAsync() => CliRunner.RunAsync("sync", "--once", "--crm-db", Crm, "--state-db", State);

    private async Task<string?> WatermarkAsync()
    {
        if (!File.Exists(State))
        {
            return null;
        }

        try
        {
            return await TextAsync(State, "SELECT value FROM watermarks WHERE source = 'crm.accounts'");
        }
        catch (SqliteException)
        {
            // The store is still being created or migrated by the sync that just started.
            return null;
        }
    }

    private static async Task<long> ScalarAsync(string path, string sql)
    {
        if (!File.Exists(path))
        {
            return 0;
        }

        return Convert.ToInt64(await QueryAsync(path, sql) ?? 0L, CultureInfo.InvariantCulture);
    }

    private static async Task<string?> TextAsync(string path, string sql) => await QueryAsync(path, sql) as string;

    private static async Task<object?> QueryAsync(string path, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}
