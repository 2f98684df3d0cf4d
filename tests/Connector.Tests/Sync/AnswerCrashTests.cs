using System.Diagnostics;
using CrmSuite.Connector.Sync;
using CrmSuite.Connector.Tests.Support;
using CrmSuite.Connector.Tests.Web;
using Microsoft.Data.Sqlite;

namespace CrmSuite.Connector.Tests.Sync;

/// <summary>
/// A customer's acceptance recorded by the real `crmsuite proposal answer` process, killed with SIGKILL right after the CRM
/// recorded the answer — between the CRM write and the playbook update — then finished by the next `sync --once`: each
/// acceptance changes the license once and moves its playbook once.
/// </summary>
public sealed class AnswerCrashTests : IDisposable
{
    private const int Proposals = 6;

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task An_acceptance_killed_after_the_crm_write_is_applied_exactly_once_by_the_next_sync()
    {
        var playbooks = WorkQueuePlaybooks.Write(_folder);
        var keys = await OfferAsync(playbooks);
        var killedAfterAnswer = 0;

        foreach (var key in keys)
        {
            using var process = Start(playbooks, "proposal", "answer", key, "--answer", "accepted");
            // Polls the CRM the process writes; the answer being recorded, not an interval, decides when to kill.
            while (!process.HasExited && await TextAsync(Crm, $"SELECT status FROM proposals WHERE key = '{key}'") == "issued")
            {
                await Task.Yield();
            }

            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                killedAfterAnswer++;
            }

            await process.WaitForExitAsync();
        }

        using (var sync = Start(playbooks, "sync", "--once"))
        {
            await sync.WaitForExitAsync();
            Assert.Equal(0, sync.ExitCode);
        }

        Assert.True(killedAfterAnswer >= Proposals / 2, $"only {killedAfterAnswer} of {Proposals} answers were killed before they finished");
        Assert.Equal(Proposals, await CountAsync(Crm, "SELECT COUNT(*) FROM proposals WHERE status = 'accepted'"));
        Assert.Equal(Proposals, await CountAsync(Crm, "SELECT COUNT(*) FROM license_changes"));
        Assert.Equal(Proposals, await CountAsync(Crm, "SELECT COUNT(DISTINCT proposal_key) FROM license_changes"));
        Assert.Equal(Proposals, await CountAsync(Crm, "SELECT COUNT(*) FROM subscriptions WHERE tier = 'enterprise'"));
        Assert.Equal(0, await CountAsync(Crm, "SELECT COUNT(*) FROM proposal_events WHERE processed_at IS NULL"));
        Assert.Equal(Proposals, await CountAsync(State, "SELECT COUNT(*) FROM audit_log WHERE to_state = 'Upgraded'"));
        Assert.Equal(Proposals, await CountAsync(State, "SELECT COUNT(*) FROM instances WHERE state = 'Upgraded'"));
    }

    private string Crm => _folder.File("crm.db");

    private string State => _folder.File("state.db");

    // Accounts whose Call task was completed as reached: each playbook sits in Offer with a next-tier proposal open.
    private async Task<List<string>> OfferAsync(string playbooks)
    {
        await using var connector = new TestConnector(_folder, playbooks, TimeProvider.System);
        await TestCrm.WriteAsync(connector.Crm, AccountBuilder.Many(Proposals));
        await connector.Cycle.RunAsync(SyncMode.Incremental, CancellationToken.None);
        for (var i = 1; i <= Proposals; i++)
        {
            var call = await TextAsync(Crm, $"SELECT key FROM tasks WHERE account_id = 'A{i:D4}' AND state = 'Call'");
            await connector.Cycle.CompleteTaskAsync(call!, "reached", CancellationToken.None);
        }

        var keys = new List<string>();
        for (var i = 1; i <= Proposals; i++)
        {
            keys.Add((await TextAsync(Crm, $"SELECT key FROM proposals WHERE account_id = 'A{i:D4}'"))!);
        }

        return keys;
    }

    private Process Start(string playbooks, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = _folder.Path, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "crmsuite.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.ArgumentList.Add("--crm-db");
        start.ArgumentList.Add(Crm);
        start.ArgumentList.Add("--state-db");
        start.ArgumentList.Add(State);
        start.Environment["CRMSUITE_Connector__PlaybooksPath"] = playbooks;
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task<string?> TextAsync(string path, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False;Default Timeout=30");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<long> CountAsync(string path, string sql) =>
        long.Parse((await TextAsync(path, sql))!, System.Globalization.CultureInfo.InvariantCulture);
}
