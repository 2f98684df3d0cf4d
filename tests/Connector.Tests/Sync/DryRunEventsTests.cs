using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using CrmSuite.Connector.Cli;
using CrmSuite.Connector.Crm;
using CrmSuite.Connector.Sync;
using CrmSuite.Connector.Tests.Support;
using CrmSuite.Connector.Tests.Web;

namespace CrmSuite.Connector.Tests.Sync;

/// <summary>
/// <c>sync --dry-run</c> with CRM events pending (docs/workbench.md): a task outcome, a proposal answer and a proposal past
/// its last valid day are each listed with what applying them would write and change, nothing is written (the CRM, the
/// state store and its outbox compare equal before and after), and the following sync applies exactly what was listed.
/// </summary>
public sealed class DryRunEventsTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Pending_events_and_expiries_are_listed_with_their_writes_and_state_changes_and_nothing_is_written()
    {
        await using var connector = await PendingAsync();
        var before = (await DumpAsync(connector.Crm.Location), await DumpAsync(_folder.File("state.db")));

        var start = await DryRun(connector).StartAsync(SyncMode.Incremental, CancellationToken.None);
        var text = await TextAsync(connector, start);
        var json = JsonNode.Parse(await JsonAsync(connector, start))!;

        Assert.Equal(before, (await DumpAsync(connector.Crm.Location), await DumpAsync(_folder.File("state.db"))));
        Assert.Equal((1, 1, 1), (start.PendingTaskEvents, start.PendingProposalEvents, start.ExpiringProposals));
        Assert.Equal(["A0001", "A0002", "A0003"], start.PendingEvents.Select(e => e.AccountId));

        var task = start.PendingEvents[0];
        Assert.Equal("applied: Call -> Offer: 1 task(s), 1 proposal(s)", task.Result);
        Assert.Equal(["proposals", "stages", "tasks"], task.Writes.Select(w => DryRunTables.Of(w.Write)).Order(StringComparer.Ordinal));
        Assert.Equal(("Call", "Offer"), (task.StateChanges.Single().Before!.State, task.StateChanges.Single().After.State));

        var accepted = start.PendingEvents[1];
        Assert.Equal("applied: Offer -> Upgraded: 0 task(s), 0 proposal(s)", accepted.Result);
        Assert.StartsWith("changed: ", accepted.License, StringComparison.Ordinal);
        Assert.Contains("the MRR ledger records the movement", accepted.License, StringComparison.Ordinal);

        var expired = start.PendingEvents[2];
        Assert.Null(expired.Id);
        Assert.Equal("applied: Offer -> Done: 0 task(s), 0 proposal(s)", expired.Result);
        Assert.Equal(("Offer", "Done"), (expired.StateChanges.Single().Before!.State, expired.StateChanges.Single().After.State));

        Assert.Contains("A real sync first applies 1 task outcome(s) and 1 proposal answer(s) the CRM holds, then marks 1 proposal(s)", text, StringComparison.Ordinal);
        Assert.Contains($"task event #{task.Id} (task ", text, StringComparison.Ordinal);
        Assert.Contains("proposal event (to record) (proposal ", text, StringComparison.Ordinal);
        Assert.Contains($"    license: {accepted.License}", text, StringComparison.Ordinal);
        Assert.Contains("    state: A0003 csm-followup: Offer (v1, step 2) -> Done (v1, step 3)", text, StringComparison.Ordinal);
        var events = json["pending_events"]!.AsArray();
        Assert.Equal(3, events.Count);
        Assert.Equal((1, 1), ((int)json["pending_task_events"]!, (int)json["proposals_expiring"]!));
        Assert.True(events[2]!.AsObject().ContainsKey("id"));
        Assert.Null(events[2]!["id"]);
        Assert.Equal(task.Writes.Count, events[0]!["writes"]!.AsArray().Count);
        Assert.Equal("Done", (string)events[2]!["state_changes"]![0]!["to_state"]!);
    }

    [Fact]
    public async Task The_following_sync_applies_each_listed_event_with_the_listed_result_and_stores_the_listed_writes()
    {
        await using var connector = await PendingAsync();
        var start = await DryRun(connector).StartAsync(SyncMode.Incremental, CancellationToken.None);

        await connector.Cycle.RunAsync(SyncMode.Incremental, CancellationToken.None);

        var task = start.PendingEvents[0];
        Assert.Equal(task.Result, await CrmTextAsync(connector, $"SELECT result FROM task_events WHERE id = {task.Id}"));
        var accepted = start.PendingEvents[1];
        Assert.StartsWith(accepted.Result + "; license changed: ", await CrmTextAsync(connector, $"SELECT result FROM proposal_events WHERE id = {accepted.Id}"), StringComparison.Ordinal);
        var expired = start.PendingEvents[2];
        Assert.Equal(expired.Result, await CrmTextAsync(connector, "SELECT result FROM proposal_events WHERE kind = 'expired' AND account_id = 'A0003'"));
        var stored = await OutboxKeysAsync();
        foreach (var write in start.PendingEvents.SelectMany(e => e.Writes))
        {
            Assert.Contains(write.Write.Key, stored);
        }

        Assert.Equal(
            start.PendingEvents.SelectMany(e => e.StateChanges).Select(c => $"{c.After.AccountId}:{c.After.State}").Order(StringComparer.Ordinal),
            await StateRowsAsync("SELECT account_id || ':' || state FROM instances WHERE account_id IN ('A0001', 'A0002', 'A0003') ORDER BY 1"));
    }

    [Fact]
    public async Task An_acceptance_the_license_cannot_follow_is_listed_as_refused_with_the_csm_task_as_its_only_write()
    {
        await using var connector = await PendingAsync(a0002Currency: "GBP");
        var before = (await DumpAsync(connector.Crm.Location), await DumpAsync(_folder.File("state.db")));

        var start = await DryRun(connector).StartAsync(SyncMode.Incremental, CancellationToken.None);
        var refused = start.PendingEvents[1];

        Assert.Equal(before, (await DumpAsync(connector.Crm.Location), await DumpAsync(_folder.File("state.db"))));
        Assert.StartsWith("refused: license change refused, playbook not moved: the proposal could not be priced", refused.Result, StringComparison.Ordinal);
        var write = Assert.Single(refused.Writes);
        Assert.EndsWith("_entitlement", write.Write.Key, StringComparison.Ordinal);
        Assert.Empty(refused.StateChanges);

        await connector.Cycle.RunAsync(SyncMode.Incremental, CancellationToken.None);

        Assert.StartsWith(refused.Result, await CrmTextAsync(connector, $"SELECT result FROM proposal_events WHERE id = {refused.Id}"), StringComparison.Ordinal);
        Assert.Contains(write.Write.Key, await OutboxKeysAsync());
        Assert.Equal(["A0002:Offer"], await StateRowsAsync("SELECT account_id || ':' || state FROM instances WHERE account_id = 'A0002'"));
    }

    [Fact]
    public async Task With_nothing_pending_the_dry_run_says_so_and_lists_no_event()
    {
        await using var connector = new TestConnector(_folder, WorkQueuePlaybooks.Write(_folder), _time);
        await TestCrm.WriteAsync(connector.Crm, AccountBuilder.Many(2));
        await connector.Cycle.RunAsync(SyncMode.Incremental, CancellationToken.None);

        var start = await DryRun(connector).StartAsync(SyncMode.Incremental, CancellationToken.None);

        Assert.Empty(start.PendingEvents);
        Assert.Contains("No CRM events pending", await TextAsync(connector, start), StringComparison.Ordinal);
    }

    // Three accounts in csm-followup, each with one kind of event waiting: A0001's Call task completed as reached (recorded,
    // not applied); A0002's proposal accepted (recorded, not applied); A0003's proposal left open past its last valid day.
    // A GBP subscription on A0002 leaves its proposal unpriced, so the acceptance is refused.
    private async Task<TestConnector> PendingAsync(string a0002Currency = "USD")
    {
        var connector = new TestConnector(_folder, WorkQueuePlaybooks.Write(_folder), _time);
        await TestCrm.WriteAsync(connector.Crm, AccountBuilder.Many(3));
        await TestCrm.ExecuteAsync(connector.Crm, $"UPDATE subscriptions SET currency = CASE WHEN account_id = 'A0002' THEN '{a0002Currency}' ELSE 'USD' END");
        await connector.Cycle.RunAsync(SyncMode.Incremental, CancellationToken.None);
        foreach (var account in new[] { "A0002", "A0003" })
        {
            await connector.Cycle.CompleteTaskAsync(await CallKeyAsync(connector, account), "reached", CancellationToken.None);
        }

        await connector.Crm.CompleteTaskAsync(await CallKeyAsync(connector, "A0001"), "reached", _time.GetUtcNow(), CancellationToken.None);
        var proposal = await CrmTextAsync(connector, "SELECT key FROM proposals WHERE account_id = 'A0002'");
        var answer = await connector.Crm.AnswerProposalAsync(new ProposalAnswerRequest(proposal, ProposalAnswer.Accepted, null, "ana", _time.GetUtcNow()), CancellationToken.None);
        Assert.Equal(ProposalAnswerStatus.Answered, answer.Outcome);
        _time.Advance(TimeSpan.FromDays(32));
        return connector;
    }

    private static SyncDryRun DryRun(TestConnector connector) => connector.Services.GetRequiredService<SyncDryRun>();

    private static async Task<string> TextAsync(TestConnector connector, DryRunStart start)
    {
        var output = new StringWriter(CultureInfo.InvariantCulture);
        var report = new DryRunTextReport(output);
        await report.StartAsync(start);
        await DryRun(connector).RunAsync(start, (page, _) => report.PageAsync(page), CancellationToken.None);
        await report.EndAsync();
        return output.ToString();
    }

    private static async Task<string> JsonAsync(TestConnector connector, DryRunStart start)
    {
        var output = new StringWriter(CultureInfo.InvariantCulture);
        var report = new DryRunJsonReport(output);
        await report.StartAsync(start);
        await DryRun(connector).RunAsync(start, (page, _) => report.PageAsync(page), CancellationToken.None);
        await report.EndAsync();
        return output.ToString();
    }

    private static Task<string> CallKeyAsync(TestConnector connector, string account) =>
        CrmTextAsync(connector, $"SELECT key FROM tasks WHERE account_id = '{account}' AND state = 'Call' AND status = 'open'");

    private static async Task<string> CrmTextAsync(TestConnector connector, string sql) =>
        Convert.ToString(await ScalarAsync(connector.Crm.Location, sql), CultureInfo.InvariantCulture)!;

    private async Task<HashSet<string>> OutboxKeysAsync() =>
        [.. await RowsAsync(_folder.File("state.db"), "SELECT key FROM outbox")];

    private Task<List<string>> StateRowsAsync(string sql) => RowsAsync(_folder.File("state.db"), sql);

    private static async Task<object?> ScalarAsync(string path, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    private static async Task<List<string>> RowsAsync(string path, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(Convert.ToString(reader.GetValue(0), CultureInfo.InvariantCulture)!);
        }

        return rows;
    }

    // Every row of every table, in a stable order, read through SQLite (so a write still in the WAL counts).
    private static async Task<string> DumpAsync(string path)
    {
        var dump = new StringBuilder();
        foreach (var table in await RowsAsync(path, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"))
        {
            dump.Append("## ").AppendLine(table);
            await using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table}\"";
            var rows = new List<string>();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var values = new object[reader.FieldCount];
                reader.GetValues(values);
                rows.Add(string.Join('|', values.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture))));
            }

            rows.Sort(StringComparer.Ordinal);
            rows.ForEach(r => dump.AppendLine(r));
        }

        return dump.ToString();
    }
}
