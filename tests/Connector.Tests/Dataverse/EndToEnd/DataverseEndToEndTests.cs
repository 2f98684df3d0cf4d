using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using CrmSuite.Connector.Sync;
using CrmSuite.Connector.Tests.Support;
using CrmSuite.Connector.Tests.Web;
using CrmSuite.DataverseEmulator;
using CrmSuite.DataverseEmulator.Store;
using Organisation = CrmSuite.DataverseEmulator.DataverseEmulator;

namespace CrmSuite.Connector.Tests.Dataverse.EndToEnd;

/// <summary>
/// The connector end to end against the Dataverse emulator (issue 16, item 7): the real sync pipeline, state store and
/// outbox, the Dataverse gateway behind the CRM port, real HTTP on loopback. A task lands once per key whatever happens
/// on the way: a restart mid-delivery, a storm of 429s; and what a CSM or a customer does in Dynamics 365 moves the
/// playbooks at the next sync.
/// </summary>
public sealed class DataverseEndToEndTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));
    private Organisation? _emulator;

    private Organisation Dv => _emulator ?? throw new InvalidOperationException("The emulator starts in InitializeAsync.");

    public async Task InitializeAsync()
    {
        _emulator = await Organisation.StartAsync(new EmulatorOptions { Time = _time });
        await CrmSuiteSchema.DeployAsync(_emulator);
    }

    public async Task DisposeAsync()
    {
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }

        _folder.Dispose();
    }

    [Fact]
    public async Task A_first_sync_of_ten_thousand_accounts_lands_every_task_in_dataverse_exactly_once()
    {
        CrmSuiteAccounts.Seed(Dv, 10_000, SeatsUsedEveryOtherFull);
        await using var connector = new DataverseConnector(Dv, _folder, _time, new SeatEvaluator());

        var summary = await connector.Pipeline.RunOnceAsync(SyncMode.Incremental, CancellationToken.None);

        Assert.Equal((SyncOutcome.Completed, 10_000, 5_000), (summary.Outcome, summary.Accounts, summary.Tasks));
        AssertEveryTaskOnce(ExpectedTaskKeys(10_000));
        Assert.Equal(5_000, Dv.Rows("cs_playbookstage").Count(r => (string?)r["cs_stage"] == "need_confirmed"));
        Assert.Equal(0, await PendingAsync());
    }

    [Fact]
    public async Task A_restart_in_the_middle_of_delivery_duplicates_nothing_and_loses_nothing()
    {
        CrmSuiteAccounts.Seed(Dv, 4_000, SeatsUsedEveryOtherFull);
        using var crash = new CancellationTokenSource();
        await using (var first = new DataverseConnector(Dv, _folder, _time, new SeatEvaluator(), writer: w => new CrashAfterWrites(w, 2, crash)))
        {
            var stopped = await first.Pipeline.RunOnceAsync(SyncMode.Incremental, crash.Token);
            Assert.Equal(SyncOutcome.Cancelled, stopped.Outcome);
        }

        // The crash left writes that reached Dataverse unconfirmed in the outbox (in flight): the restart delivers them again.
        var inDataverse = TaskKeys().ToHashSet(StringComparer.Ordinal);
        var pending = await PendingTaskKeysAsync();
        Assert.Contains(pending, inDataverse.Contains);

        await using var restarted = new DataverseConnector(Dv, _folder, _time, new SeatEvaluator());
        var summary = await restarted.Pipeline.RunOnceAsync(SyncMode.Incremental, CancellationToken.None);

        Assert.Equal(SyncOutcome.Completed, summary.Outcome);
        AssertEveryTaskOnce(ExpectedTaskKeys(4_000));
        Assert.Equal(0, await PendingAsync());
    }

    [Fact]
    public async Task A_storm_of_429s_slows_the_sync_and_loses_nothing()
    {
        CrmSuiteAccounts.Seed(Dv, 2_000, SeatsUsedEveryOtherFull);
        // A first sync of 2,000 accounts makes about ten requests: every second one is refused.
        Dv.Faults.ThrottleEvery(2, TimeSpan.FromSeconds(1));
        await using var connector = new DataverseConnector(Dv, _folder, _time, new SeatEvaluator());

        var summary = await connector.Pipeline.RunOnceAsync(SyncMode.Incremental, CancellationToken.None);

        Assert.Equal((SyncOutcome.Completed, 2_000, 1_000, 0L), (summary.Outcome, summary.Accounts, summary.Tasks, summary.DeliveryFailures));
        Assert.True(Dv.Requests.Count(r => r.Status == 429) >= 3, "the storm throttled fewer than 3 requests");
        AssertEveryTaskOnce(ExpectedTaskKeys(2_000));
        Assert.Equal(0, await PendingAsync());
    }

    [Fact]
    public async Task A_task_completed_and_a_proposal_accepted_in_dynamics_365_move_the_playbooks_at_the_next_sync()
    {
        CrmSuiteAccounts.Seed(Dv, 3, _ => 5);
        await using var connector = new DataverseConnector(Dv, _folder, _time, playbooksPath: WorkQueuePlaybooks.Write(_folder));
        var account = CrmSuiteAccounts.AccountId(1);
        await connector.Cycle.RunAsync(SyncMode.Incremental, CancellationToken.None);
        Assert.Equal(3, Dv.Rows("task").Count(r => (string?)r["cs_state"] == "Call" && (int?)r["statecode"] == 0));

        Dv.CompleteTask(TaskOf(account, "Call"), "reached");
        await connector.Cycle.RunAsync(SyncMode.Incremental, CancellationToken.None);

        Assert.Equal("Offer", await StateOfAsync(account));
        Assert.NotNull(Dv.Find("task", TaskOf(account, "Call"))!["cs_outcomeresult"]);
        var proposal = Assert.Single(Dv.Rows("cs_upgradeproposal"), r => Refers(r, "cs_accountid", account));
        Assert.Equal("issued", proposal["cs_status"]);

        Dv.Change("cs_upgradeproposal", (Guid)proposal["cs_upgradeproposalid"]!, new Dictionary<string, object?>
        {
            ["cs_status"] = "accepted",
            ["cs_answeredon"] = _time.GetUtcNow(),
            ["cs_answeredby"] = "Dana Park",
        });
        await connector.Cycle.RunAsync(SyncMode.Incremental, CancellationToken.None);

        Assert.Equal("Upgraded", await StateOfAsync(account));
        Assert.Equal("enterprise", Dv.Find("cs_subscription", CrmSuiteAccounts.SubscriptionId(1))!["cs_tier"]);
        Assert.Single(Dv.Rows("cs_licensechange"));
        Assert.NotNull(Dv.Find("cs_upgradeproposal", (Guid)proposal["cs_upgradeproposalid"]!)!["cs_eventresult"]);
        Assert.Equal(["Call", "Call"], [await StateOfAsync(CrmSuiteAccounts.AccountId(2)), await StateOfAsync(CrmSuiteAccounts.AccountId(3))]);
    }

    // Accounts with an even index use all 10 seats: the seat evaluator opens one task for each of them.
    private static int SeatsUsedEveryOtherFull(int index) => index % 2 == 0 ? 10 : 5;

    private static List<string> ExpectedTaskKeys(int accounts) =>
        [.. Enumerable.Range(1, accounts).Where(i => i % 2 == 0).Select(i => $"{CrmSuiteAccounts.AccountId(i):D}_{SeatEvaluator.Playbook}_1_task").Order(StringComparer.Ordinal)];

    private IEnumerable<string> TaskKeys() => Dv.Rows("task").Select(r => (string?)r["cs_stepkey"]).OfType<string>();

    /// <summary>Counts Dataverse's task rows by cs_stepkey: each expected key once, nothing else.</summary>
    private void AssertEveryTaskOnce(List<string> expected)
    {
        var byKey = TaskKeys().GroupBy(k => k, StringComparer.Ordinal).ToList();
        Assert.Empty(byKey.Where(g => g.Count() > 1).Select(g => g.Key));
        Assert.Equal(expected, byKey.Select(g => g.Key).Order(StringComparer.Ordinal));
    }

    private Guid TaskOf(Guid account, string state) =>
        (Guid)Dv.Rows("task").Single(r => Refers(r, "regardingobjectid", account) && (string?)r["cs_state"] == state)["activityid"]!;

    private static bool Refers(IReadOnlyDictionary<string, object?> row, string lookup, Guid id) =>
        row.TryGetValue(lookup, out var value) && value is EntityReference reference && reference.Id == id;

    private Task<long> PendingAsync() => TestPipeline.StateScalar(_folder.File("state.db"), "SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL");

    private async Task<List<string>> PendingTaskKeysAsync() => await ColumnAsync("""
        SELECT key FROM outbox o WHERE kind = 'task'
        AND (delivered_at IS NULL OR EXISTS (SELECT 1 FROM outbox_in_flight f WHERE o.id BETWEEN f.first_id AND f.last_id))
        """);

    private async Task<string> StateOfAsync(Guid account) =>
        (await ColumnAsync($"SELECT state FROM instances WHERE account_id = '{account:D}' AND playbook_id = '{WorkQueuePlaybooks.PlaybookId}'")).Single();

    private async Task<List<string>> ColumnAsync(string sql)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_folder.File("state.db")};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var values = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            values.Add(Convert.ToString(reader.GetValue(0), CultureInfo.InvariantCulture)!);
        }

        return values;
    }
}
