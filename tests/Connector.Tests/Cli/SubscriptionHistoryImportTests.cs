using System.Text.Json;
using Microsoft.Data.Sqlite;
using CrmSuite.Connector.Locking;
using CrmSuite.Connector.Tests.Support;

namespace CrmSuite.Connector.Tests.Cli;

/// <summary><c>crmsuite import --subscription-history</c> through the real process, read back by <c>crmsuite metrics</c> (docs/data.md).</summary>
public sealed class SubscriptionHistoryImportTests : IDisposable
{
    // Cohort at 2025-01-01: A 100, B 100 (a 3-year contract of 3,600), C 200 → 400. In Q1: A expands to 200 (annual 2,400),
    // C contracts to 150, B cancels (paid through 2025-03-31); D is new at 300 and E converts from a trial at 50. C's
    // March row repeats its state: no movement.
    private const string History =
        "account_id,subscription_id,date,tier,seats,mrr,amount,billing_period,term_months,currency,status,paid_through\n"
        + "A,S-A,2024-10-01,starter,10,100,,,,USD,,\n"
        + "B,S-B,2024-11-15,professional,10,,3600,annual,36,USD,,\n"
        + "C,S-C,2024-12-01,professional,20,200,,,,USD,,\n"
        + "E,S-E,2024-12-01,professional,5,0,,,,USD,trial,\n"
        + "C,S-C,2025-01-10,professional,15,150,,,,USD,,\n"
        + "E,S-E,2025-01-15,professional,5,50,,,,USD,,\n"
        + "A,S-A,2025-02-01,professional,20,,2400,annual,,USD,,\n"
        + "D,S-D,2025-02-01,enterprise,50,300,,,,USD,,\n"
        + "B,S-B,2025-03-01,professional,10,,,,,USD,cancelled,2025-03-31\n"
        + "C,S-C,2025-03-15,professional,15,150,,,,USD,,\n";

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string State => _folder.File("state.db");

    private Task<CliRunner.Result> Crmsuite(IReadOnlyDictionary<string, string>? environment, params string[] args) =>
        CliRunner.RunInAsync(_folder.Path, environment ?? new Dictionary<string, string>(), [.. args, "--state-db", State, "--crm-db", _folder.File("crm.db")]);

    private Task<CliRunner.Result> Import(string csv) => Crmsuite(null, "import", "--subscription-history", _folder.Write("history.csv", csv));

    [Fact]
    public async Task Metrics_over_an_imported_history_report_the_hand_computed_nrr_grr_and_movements()
    {
        var import = await Import(History);

        var report = await Crmsuite(null, "metrics", "--from", "2025-01-01", "--to", "2025-03-31", "--format", "json");

        Assert.Equal(0, import.ExitCode);
        Assert.Contains("10 rows of 5 subscriptions, 8 movements (5 new, 1 expansion, 1 contraction, 1 churn, 0 reactivation)", import.Output, StringComparison.Ordinal);
        Assert.Equal(0, report.ExitCode);
        var total = JsonDocument.Parse(report.Output).RootElement.GetProperty("total");
        Assert.Equal(400m, total.GetProperty("mrr_at_start").GetDecimal());
        Assert.Equal(100m, total.GetProperty("expansion_mrr").GetDecimal());
        Assert.Equal(50m, total.GetProperty("contraction_mrr").GetDecimal());
        Assert.Equal(100m, total.GetProperty("churned_mrr").GetDecimal());
        Assert.Equal(350m, total.GetProperty("new_mrr").GetDecimal());
        Assert.Equal(350m, total.GetProperty("cohort_mrr_at_end").GetDecimal());
        Assert.Equal(0.875m, total.GetProperty("nrr").GetDecimal());
        Assert.Equal(0.625m, total.GetProperty("grr").GetDecimal());
        Assert.Equal(700m, total.GetProperty("mrr_at_end").GetDecimal());
    }

    [Fact]
    public async Task A_cancellation_with_paid_through_counts_at_the_end_of_the_paid_period_when_churn_is_counted_then()
    {
        await Import(History);

        var report = await Crmsuite(new Dictionary<string, string> { ["CRMSUITE_Metrics__ChurnAt"] = "PeriodEnd" },
            "metrics", "--from", "2025-01-01", "--to", "2025-03-31", "--format", "json");

        var total = JsonDocument.Parse(report.Output).RootElement.GetProperty("total");
        Assert.Equal(0m, total.GetProperty("churned_mrr").GetDecimal());
        Assert.Equal(1.125m, total.GetProperty("nrr").GetDecimal());
    }

    [Fact]
    public async Task Importing_the_same_file_again_changes_nothing()
    {
        await Import(History);
        var first = await LedgerAsync();

        var again = await Import(History);

        Assert.Equal(0, again.ExitCode);
        Assert.Contains("8 movements of an earlier import replaced", again.Output, StringComparison.Ordinal);
        Assert.Equal(first, await LedgerAsync());
    }

    [Fact]
    public async Task A_corrected_file_replaces_the_earlier_import_of_its_subscriptions_and_keeps_the_others()
    {
        await Import(History);

        await Import("account_id,subscription_id,date,tier,seats,mrr,currency\nC,S-C,2024-12-01,professional,20,200,USD\nC,S-C,2025-01-10,professional,25,260,USD\n");

        var ledger = await LedgerAsync();
        Assert.Equal(["2024-12-01 new 0 200", "2025-01-10 expansion 200 260"], ledger.Where(r => r.StartsWith("S-C ", StringComparison.Ordinal)).Select(r => r[4..]));
        Assert.Equal(8, ledger.Count);
    }

    [Fact]
    public async Task A_bad_row_is_reported_as_file_line_exits_1_and_writes_nothing()
    {
        await Import(History);
        var before = await LedgerAsync();

        var bad = await Import(History + "A,S-A,2025-04-05,professional,20,,2400,,,USD,,\nD,S-D,2025-01-01,enterprise,50,300,,,,USD,,\n");

        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("history.csv:12: billing_period: missing; amount needs billing_period", bad.Error, StringComparison.Ordinal);
        Assert.Contains("history.csv:13: date: 2025-01-01 comes after 2025-02-01 (line 9)", bad.Error, StringComparison.Ordinal);
        Assert.Contains("2 error(s); nothing was imported.", bad.Error, StringComparison.Ordinal);
        Assert.Equal(before, await LedgerAsync());
    }

    [Fact]
    public async Task The_history_comes_alone_and_a_missing_file_exits_2()
    {
        var combined = await Crmsuite(null, "import", "--subscription-history", _folder.Write("h.csv", History), "--usage-history", _folder.Write("u.csv", ""));
        var missing = await Crmsuite(null, "import", "--subscription-history", _folder.File("nope.csv"));

        Assert.Equal(2, combined.ExitCode);
        Assert.Contains("--subscription-history writes the state store and comes alone; import --usage-history separately", combined.Error, StringComparison.Ordinal);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("file not found", missing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task While_another_process_writes_the_state_store_the_import_exits_2_naming_it_and_writes_nothing()
    {
        await Import(History);
        var before = await LedgerAsync();

        CliRunner.Result busy;
        using (WriterLock.Acquire([new DataFile(State, DataWrites.State)], "crmsuite run (the first writer)", TimeProvider.System))
        {
            busy = await Import(History.Replace("2025-03-15,professional,15,150", "2025-03-15,professional,15,175", StringComparison.Ordinal));
        }

        Assert.Equal(2, busy.ExitCode);
        Assert.Contains("is in use by crmsuite run (the first writer)", busy.Error, StringComparison.Ordinal);
        Assert.Equal(before, await LedgerAsync());
    }

    [Fact]
    public async Task A_history_imported_after_the_sync_saw_the_subscription_takes_the_place_of_its_first_sighting_instead_of_a_second_new()
    {
        await SeedAndSyncAsync();
        var history = Header
            + "A0000001,A0000001-S1,2024-09-02,starter,10,500,USD\n"
            + "A0000001,A0000001-S1,2025-06-01,professional,35,1575,USD\n";

        var import = await Import(history);
        var ledger = Sub1(await LedgerAsync());
        var again = await Import(history);

        Assert.Equal(0, import.ExitCode);
        Assert.Contains("the history took the place of 1 first sightings by the sync", import.Output, StringComparison.Ordinal);
        Assert.Equal(["2024-09-02 new 0 500", "2025-06-01 expansion 500 1575"], ledger);
        Assert.Equal(0, again.ExitCode);
        Assert.Equal(ledger, Sub1(await LedgerAsync()));
    }

    [Fact]
    public async Task A_history_ending_at_another_state_than_the_sync_first_saw_gets_the_difference_on_its_last_day()
    {
        await SeedAndSyncAsync();

        await Import(Header + "A0000001,A0000001-S1,2024-09-02,starter,10,500,USD\nA0000001,A0000001-S1,2025-06-01,professional,30,1350,USD\n");

        Assert.Equal(["2024-09-02 new 0 500", "2025-06-01 expansion 500 1350", "2025-06-01 expansion 1350 1575"], Sub1(await LedgerAsync()));
    }

    [Fact]
    public async Task A_history_beginning_after_the_crm_start_date_of_a_subscription_the_sync_saw_is_refused_at_its_line()
    {
        await SeedAndSyncAsync();

        var import = await Import(Header + "A0000001,A0000001-S1,2025-01-01,professional,35,1575,USD\n");

        Assert.Equal(1, import.ExitCode);
        Assert.Contains("history.csv:2: date: subscription 'A0000001-S1' started on 2024-09-02 in the CRM (the sync's first sighting); "
            + "its history must begin on or before that day", import.Error, StringComparison.Ordinal);
        Assert.Equal(["2024-09-02 new 0 1575"], Sub1(await LedgerAsync()));
    }

    [Fact]
    public async Task History_rows_dated_from_a_change_the_connector_observed_itself_are_not_written()
    {
        await SeedAndSyncAsync();
        await using (var crm = new SqliteConnection($"Data Source={_folder.File("crm.db")};Pooling=False"))
        {
            await crm.OpenAsync();
            await using var update = crm.CreateCommand();
            update.CommandText = "UPDATE subscriptions SET seats = 40, mrr = '1800' WHERE id = 'A0000001-S1'";
            Assert.Equal(1, await update.ExecuteNonQueryAsync());
        }

        Assert.Equal(0, (await CliRunner.RunAsync("sync", "--once", "--crm-db", _folder.File("crm.db"), "--state-db", State)).ExitCode);
        var import = await Import(Header + "A0000001,A0000001-S1,2024-09-02,professional,35,1575,USD\nA0000001,A0000001-S1,2030-01-01,professional,60,2700,USD\n");

        Assert.Contains("1 rows dated from a change the connector observed itself were not written", import.Output, StringComparison.Ordinal);
        var ledger = Sub1(await LedgerAsync());
        Assert.Equal("2024-09-02 new 0 1575", ledger[0]);
        Assert.Equal(2, ledger.Count);
        Assert.EndsWith("expansion 1575 1800", ledger[1], StringComparison.Ordinal);
    }

    private const string Header = "account_id,subscription_id,date,tier,seats,mrr,currency\n";

    private static List<string> Sub1(List<string> ledger) =>
        [.. ledger.Where(r => r.StartsWith("A0000001-S1 ", StringComparison.Ordinal)).Select(r => r["A0000001-S1 ".Length..])];

    // The demo's first account bills 1,575 USD a month on a professional licence of 35 seats started 2024-09-02; the first
    // sync records it as new on that day.
    private async Task SeedAndSyncAsync()
    {
        var seed = await CliRunner.RunAsync("demo", "seed", "--accounts", "5", "--history-days", "0", "--today", "2026-11-24",
            "--crm-db", _folder.File("crm.db"), "--state-db", State);
        var sync = await CliRunner.RunAsync("sync", "--once", "--crm-db", _folder.File("crm.db"), "--state-db", State);
        Assert.Equal(0, seed.ExitCode);
        Assert.Equal(0, sync.ExitCode);
        Assert.Equal(["2024-09-02 new 0 1575"], Sub1(await LedgerAsync()));
    }

    private async Task<List<string>> LedgerAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={State};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var query = connection.CreateCommand();
        query.CommandText = "SELECT subscription_id, day, movement, mrr_before, mrr_after FROM mrr_ledger ORDER BY subscription_id, day";
        await using var reader = await query.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add($"{reader.GetString(0)} {reader.GetString(1)} {reader.GetString(2)} {reader.GetString(3)} {reader.GetString(4)}");
        }

        return rows;
    }
}
