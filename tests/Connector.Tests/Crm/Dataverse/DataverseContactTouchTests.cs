using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using CrmSuite.Connector.Crm;
using CrmSuite.Connector.Crm.Dataverse;
using CrmSuite.Connector.Crm.Dataverse.Gateway;
using CrmSuite.Connector.Tests.Dataverse.Emulator;
using CrmSuite.DataverseEmulator;
using CrmSuite.DataverseEmulator.Store;
using CrmSuite.Connector.Playbooks;
using CrmSuite.PlaybookEngine.Playbooks;
using CrmSuite.PlaybookEngine.Runtime;

namespace CrmSuite.Connector.Tests.Crm.Dataverse;

/// <summary>
/// The contact history of a Dataverse account read through the emulator: the CrmSuite tasks of the contact policy's window
/// come back as touches (day, playbook, state) on the full read, the incremental read and the read by id, as the embedded
/// CRM returns them; older tasks, and every task without a policy counting upgrade tasks, are not read.
/// </summary>
public sealed class DataverseContactTouchTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Yesterday = new(2026, 11, 23, 15, 30, 0, TimeSpan.Zero);
    private static readonly ContactPolicy Policy = new("contact-policy.md", new TouchLimit(1, 30), null, [TouchKind.Proposal, TouchKind.UpgradeTask]);

    private readonly FakeTimeProvider _time = new(Yesterday);
    private DataverseEmulator.DataverseEmulator? _dv;
    private HttpClient? _http;

    private DataverseEmulator.DataverseEmulator Dv => _dv!;

    private static string Account(int index) => CrmSuiteAccounts.AccountId(index).ToString("D");

    public async Task InitializeAsync()
    {
        _dv = await EmulatorHttp.StartWithSchemaAsync(new EmulatorOptions { Time = _time });
        CrmSuiteAccounts.Seed(_dv, 3, _ => 5);
        _http = new HttpClient { BaseAddress = _dv.ServiceRoot, DefaultRequestHeaders = { { "Authorization", "Bearer " + _dv.Options.AccessToken } } };

        // Written by the gateway as a sync writes them: account 1 had an upgrade task opened yesterday and one 40 days ago,
        // account 2 a task 30 days before today (the first day the 30-day window no longer counts), account 3 none.
        await Gateway(null).UpsertAsync(CrmWriteBatch.Of([
            Task("t-yesterday", 1, "Offer", Yesterday),
            Task("t-old", 1, "Offer", Yesterday.AddDays(-39)),
            Task("t-edge", 2, "Pitch", Yesterday.AddDays(-29)),
        ]), CancellationToken.None);
        // Completed since: a task counts from the day it was opened, whatever became of it.
        Dv.CompleteTask((Guid)Dv.Rows("task").Single(r => (string?)r["cs_stepkey"] == "t-yesterday")["activityid"]!, "declined");
        // A task CrmSuite did not write (no cs_stepkey) is no touch, whatever its columns say.
        Dv.Seed("task", new Dictionary<string, object?>
        {
            ["activityid"] = Guid.NewGuid(),
            ["subject"] = "Call from the sales team",
            ["regardingobjectid"] = new EntityReference("account", CrmSuiteAccounts.AccountId(3)),
            ["cs_playbook"] = "budget-low",
            ["cs_state"] = "Offer",
            ["cs_createdat"] = Yesterday,
        });
        _time.Advance(TimeSpan.FromDays(1));
    }

    public async Task DisposeAsync()
    {
        _http?.Dispose();
        if (_dv is not null)
        {
            await _dv.DisposeAsync();
        }
    }

    private DataverseGateway Gateway(ContactPolicy? policy, int pageSize = 5000) =>
        new(_http!, Options.Create(new DataverseGatewayOptions { MaxPageSize = pageSize }), _time, NullLogger<DataverseGateway>.Instance, () => policy);

    private static CrmTask Task(string key, int account, string state, DateTimeOffset created) =>
        new(key, Account(account), "budget-low", 1, new Reason("Watching", state, "health >= 0", []), state, "Walk through the offer",
            DateOnly.FromDateTime(created.UtcDateTime).AddDays(5), "csm", TaskPriority.Normal, ["accepted", "declined"], created);

    private static async Task<Dictionary<string, CrmAccountRecord>> ReadAllAsync(DataverseGateway gateway, string? watermark, List<string>? marks = null)
    {
        var records = new Dictionary<string, CrmAccountRecord>(StringComparer.Ordinal);
        await foreach (var page in gateway.ReadChangedAccountsAsync(watermark, 2, CancellationToken.None))
        {
            marks?.Add(page.Watermark);
            foreach (var record in page.Accounts)
            {
                records[record.Account.Id] = record;
            }
        }

        return records;
    }

    private static readonly ContactTouch YesterdaysTask = ContactTouch.OfTask(new DateOnly(2026, 11, 23), "budget-low", "Offer");

    private List<LoggedRequest> TaskReads() => [.. Dv.Requests.Where(r => r.Method == "GET" && r.Url.Contains("/tasks?", StringComparison.Ordinal))];

    [Fact]
    public async Task A_full_read_returns_a_task_opened_on_an_earlier_day_as_a_touch_in_one_extra_paged_read_of_the_policy_window()
    {
        Dv.ClearRequestLog();

        var records = await ReadAllAsync(Gateway(Policy), null);

        Assert.Equal([YesterdaysTask], records[Account(1)].History.Touches);
        // 30 days ago is read (one spare day) and comes back; the runtime's 30-day window no longer counts it.
        Assert.Equal([ContactTouch.OfTask(new DateOnly(2026, 10, 25), "budget-low", "Pitch")], records[Account(2)].History.Touches);
        Assert.Empty(records[Account(3)].History.Touches);
        var read = Assert.Single(TaskReads());
        Assert.Contains("$filter=cs_stepkey ne null and cs_createdat ge 2026-10-25T00:00:00Z", Uri.UnescapeDataString(read.Url), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_full_read_pages_the_tasks_and_holds_them_by_account()
    {
        Dv.ClearRequestLog();

        var records = await ReadAllAsync(Gateway(Policy, pageSize: 1), null);

        Assert.Equal([YesterdaysTask], records[Account(1)].History.Touches);
        Assert.Single(records[Account(2)].History.Touches);
        Assert.Equal(2, TaskReads().Count);
    }

    [Fact]
    public async Task An_incremental_read_and_a_read_by_id_return_the_task_as_a_touch_of_the_changed_account()
    {
        var marks = new List<string>();
        await ReadAllAsync(Gateway(Policy), null, marks);
        Dv.Change("account", CrmSuiteAccounts.AccountId(1), new Dictionary<string, object?> { ["name"] = "Changed today" });
        Dv.ClearRequestLog();

        var changed = await ReadAllAsync(Gateway(Policy), marks[^1]);

        var record = Assert.Single(changed.Values);
        Assert.Equal("Changed today", record.Account.Name);
        Assert.Equal([YesterdaysTask], record.History.Touches);
        // Read in the $batch that completes the changed accounts, beside their proposals: no request of its own.
        Assert.Empty(TaskReads());

        var byId = await Gateway(Policy).ReadAccountsAsync([Account(1), Account(3)], CancellationToken.None);

        Assert.Equal([YesterdaysTask], byId.Single(r => r.Account.Id == Account(1)).History.Touches);
        Assert.Empty(byId.Single(r => r.Account.Id == Account(3)).History.Touches);
    }

    [Fact]
    public async Task Without_a_policy_or_with_one_that_counts_proposals_only_no_task_is_read()
    {
        var proposalsOnly = Policy with { Counts = [TouchKind.Proposal] };
        foreach (var policy in new[] { null, proposalsOnly })
        {
            Dv.ClearRequestLog();

            var full = await ReadAllAsync(Gateway(policy), null);
            var byId = await Gateway(policy).ReadAccountsAsync([Account(1)], CancellationToken.None);

            Assert.Empty(full[Account(1)].History.Touches);
            Assert.Empty(byId[0].History.Touches);
            Assert.DoesNotContain(Dv.Requests, r => r.Url.Contains("tasks", StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData(30, null, 30)]
    [InlineData(30, 45, 45)]
    [InlineData(null, 14, 14)]
    public void The_window_read_is_the_policy_s_longest(int? perAccount, int? perContact, int days)
    {
        var policy = new ContactPolicy("p.md", perAccount is { } a ? new TouchLimit(1, a) : null, perContact is { } c ? new TouchLimit(1, c) : null,
            ImmutableArray.Create(TouchKind.UpgradeTask));

        Assert.Equal(days, DataverseGateway.TouchWindowDays(policy));
    }

    [Fact]
    public void The_registered_gateway_takes_the_policy_of_the_published_playbooks_and_none_when_they_cannot_load_or_there_are_none()
    {
        using var published = new ServiceCollection().AddSingleton(new PlaybookRuntime([], Policy)).BuildServiceProvider();
        using var broken = new ServiceCollection()
            .AddSingleton<PlaybookRuntime>(_ => throw new PlaybookLoadException("The playbooks in playbooks have errors", filesRefused: false))
            .BuildServiceProvider();

        Assert.Same(Policy, DataverseRegistration.PublishedContactPolicy(published));
        Assert.Null(DataverseRegistration.PublishedContactPolicy(broken));
        using var none = new ServiceCollection().BuildServiceProvider();
        Assert.Null(DataverseRegistration.PublishedContactPolicy(none));
    }
}
