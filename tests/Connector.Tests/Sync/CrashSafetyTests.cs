using System.Diagnostics;
using CrmSuite.Connector.Tests.Cli;
using Microsoft.Data.Sqlite;

namespace CrmSuite.Connector.Tests.Sync;

/// <summary>
/// Kills the connector with SIGKILL at random points of a sync (evaluation, page commits, outbox dispatch), restarts it
/// each time, and checks that the CRM ends exactly as after one uninterrupted sync: nothing duplicated, nothing lost.
/// </summary>
public sealed class CrashSafetyTests
{
    // The killed runs commit small pages, so a kill point is counted in pages rather than milliseconds: each kill
    // consumes at most a few of the 160 pages whatever the machine's speed (with 1,000-account pages a fast machine
    // finished the remaining work before the tenth kill). The reference run keeps the default page size, so the test
    // also shows that the page size does not change what reaches the CRM.
    private const int Accounts = 40_000;
    private const int KilledRunPageSize = 250;
    private const int Kills = 10;

    private static readonly Dictionary<string, string> KilledRunSettings = new(StringComparer.Ordinal)
    {
        ["CRMSUITE_Sync__PageSize"] = KilledRunPageSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    [Fact]
    public async Task A_sync_killed_ten_times_ends_with_the_same_crm_state_as_an_uninterrupted_sync()
    {
        var folder = Directory.CreateTempSubdirectory("crmsuite-crash-").FullName;
        var reference = Path.Combine(folder, "reference");
        var crashed = Path.Combine(folder, "crashed");
        await SeedAsync(reference);
        await SeedAsync(crashed);

        var uninterrupted = await SyncAsync(reference);
        Assert.Equal(0, uninterrupted.ExitCode);

        var random = new Random(20261124);
        var kills = 0;
        var watermarksAtKills = new HashSet<string>(StringComparer.Ordinal);
        for (var attempt = 0; attempt < Kills * 3 && kills < Kills; attempt++)
        {
            // Random points of the run: after a random number (1-3) of further committed pages, plus a random extra
            // 0-40 ms, so a kill lands mid-evaluation, mid-commit or mid-delivery.
            if (await KillDuringSyncAsync(crashed, random.Next(1, 4), TimeSpan.FromMilliseconds(random.Next(0, 40))))
            {
                kills++;
                watermarksAtKills.Add(await WatermarkAsync(crashed));
            }
        }

        var resumed = await SyncAsync(crashed);

        Assert.True(kills >= Kills, $"only {kills} runs were still going when killed");

        // Kills landed between committed pages, not only before the first one: the watermark moved from kill to kill.
        Assert.True(watermarksAtKills.Count >= 3, $"kills saw only these watermarks: {string.Join(", ", watermarksAtKills)}");
        Assert.Equal(0, resumed.ExitCode);
        Assert.Equal(await CrmStateAsync(reference), await CrmStateAsync(crashed));
        Assert.NotEmpty(await CrmStateAsync(reference));
    }

    private static async Task SeedAsync(string folder)
    {
        Directory.CreateDirectory(folder);
        var seeded = await CliRunner.RunAsync("demo", "seed", "--accounts", Accounts.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--today", "2026-11-24", "--history-days", "0", "--crm-db", Path.Combine(folder, "crm.db"), "--state-db", Path.Combine(folder, "state.db"));
        Assert.Equal(0, seeded.ExitCode);
    }

    private static Task<CliRunner.Result> SyncAsync(string folder) =>
        CliRunner.RunAsync(SyncArgs(folder));

    private static string[] SyncArgs(string folder) =>
        ["sync", "--once", "--crm-db", Path.Combine(folder, "crm.db"), "--state-db", Path.Combine(folder, "state.db")];

    /// <summary>
    /// Starts a sync and kills it once <paramref name="pages"/> more pages have committed (the stored watermark moved
    /// that many times), plus <paramref name="extra"/>; false when the sync finished first.
    /// </summary>
    private static async Task<bool> KillDuringSyncAsync(string folder, int pages, TimeSpan extra)
    {
        var seen = await WatermarkAsync(folder);
        var moves = 0;
        using var process = CliRunner.Start(KilledRunSettings, SyncArgs(folder));
        while (moves < pages && !process.HasExited)
        {
            // Polls the store the sync writes; the condition, not the interval, decides when to kill.
            await Task.Delay(TimeSpan.FromMilliseconds(15));
            var now = await WatermarkAsync(folder);
            if (now != seen)
            {
                seen = now;
                moves++;
            }
        }

        using var deadline = new CancellationTokenSource(extra);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
            return false;
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            return true;
        }
    }

    private static async Task<string> WatermarkAsync(string folder)
    {
        var path = Path.Combine(folder, "state.db");
        if (!File.Exists(path))
        {
            return "(no store yet)";
        }

        try
        {
            await using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT COALESCE((SELECT value FROM watermarks WHERE source = 'crm.accounts'), '(none)')";
            return (string)(await command.ExecuteScalarAsync())!;
        }
        catch (SqliteException)
        {
            // The store is still being created or migrated by the sync that just started.
            return "(no store yet)";
        }
    }

    /// <summary>Every task, proposal and stage the CRM holds, without the wall-clock columns that differ between runs.</summary>
    private static async Task<List<string>> CrmStateAsync(string folder)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(folder, "crm.db")};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        var rows = new List<string>();
        foreach (var query in new[]
        {
            "SELECT 'task', key, account_id, playbook_id, playbook_version, state, subject, due, priority, outcomes, status, reason FROM tasks ORDER BY key",
            "SELECT 'proposal', key, account_id, playbook_id, state, offer_id, issued_on, expires_on, status, reason FROM proposals ORDER BY key",
            "SELECT 'stage', account_id, playbook_id, key, playbook_version, stage, step, reason FROM playbook_stages ORDER BY account_id, playbook_id",
        })
        {
            await using var command = connection.CreateCommand();
            command.CommandText = query;
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var values = new object[reader.FieldCount];
                reader.GetValues(values);
                rows.Add(string.Join('|', values));
            }
        }

        return rows;
    }
}
