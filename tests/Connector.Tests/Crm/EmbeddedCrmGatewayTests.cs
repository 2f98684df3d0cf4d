using System.Collections.Immutable;
using CrmSuite.Connector.Crm;
using CrmSuite.Connector.Crm.Embedded;
using CrmSuite.Connector.Demo;
using CrmSuite.Connector.Tests.Support;
using CrmSuite.PlaybookEngine.Runtime;

namespace CrmSuite.Connector.Tests.Crm;

public sealed class EmbeddedCrmGatewayTests : IDisposable
{
    private static readonly Reason Why = new("Watching", "Call", "seat_utilization >= 90%", [new SignalReading("seat_utilization", "92%")]);

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Changed_accounts_stream_page_by_page_with_the_watermark_after_each_page()
    {
        await using var crm = TestCrm.Open(_folder.File("crm.db"));
        await TestCrm.WriteAsync(crm, AccountBuilder.Many(25));

        var pages = await ReadAll(crm, null, 10);

        Assert.Equal([10, 10, 5], pages.Select(p => p.Accounts.Length));
        Assert.Equal(["10", "20", "25"], pages.Select(p => p.Watermark));
        Assert.Equal("A0001", pages[0].Accounts[0].Account.Id);
        Assert.Equal("A0001-S1", Assert.Single(pages[0].Accounts[0].Subscriptions).Id);
        Assert.Equal(70, pages[0].Accounts[0].Usage!.Health);
    }

    [Fact]
    public async Task An_account_whose_usage_changes_gets_a_new_row_version_and_is_read_again()
    {
        await using var crm = TestCrm.Open(_folder.File("crm.db"));
        await TestCrm.WriteAsync(crm, AccountBuilder.Many(5));

        await TestCrm.ExecuteAsync(crm, "UPDATE usage SET health = 10 WHERE account_id = 'A0002'");
        var pages = await ReadAll(crm, "5", 10);

        var record = Assert.Single(Assert.Single(pages).Accounts);
        Assert.Equal("A0002", record.Account.Id);
        Assert.Equal(6, record.RowVersion);
        Assert.Equal(10, record.Usage!.Health);
    }

    [Fact]
    public async Task A_license_change_or_an_account_edit_also_bumps_the_row_version()
    {
        await using var crm = TestCrm.Open(_folder.File("crm.db"));
        await TestCrm.WriteAsync(crm, AccountBuilder.Many(5));

        await TestCrm.ExecuteAsync(crm, "UPDATE subscriptions SET seats = 50 WHERE account_id = 'A0003'");
        await TestCrm.ExecuteAsync(crm, "UPDATE accounts SET lifecycle_stage = 'renewal' WHERE id = 'A0001'");
        var pages = await ReadAll(crm, "5", 10);

        Assert.Equal(["A0003", "A0001"], pages.SelectMany(p => p.Accounts).Select(a => a.Account.Id));
    }

    [Fact]
    public async Task Reseeding_never_hands_out_a_row_version_at_or_below_an_earlier_one()
    {
        await using var crm = TestCrm.Open(_folder.File("crm.db"));
        await DemoSeeder.SeedAsync(crm, new DemoDataSet(20, 1, AccountBuilder.Today), null, CancellationToken.None);

        await DemoSeeder.SeedAsync(crm, new DemoDataSet(5, 2, AccountBuilder.Today), null, CancellationToken.None);

        Assert.Equal(21, await TestCrm.ScalarAsync(crm, "SELECT MIN(modified_seq) FROM accounts"));
        Assert.Equal(5, (await ReadAll(crm, "20", 10)).Sum(p => p.Accounts.Length));
    }

    [Fact]
    public async Task Upserting_the_same_task_twice_keeps_one_row_and_the_csm_s_outcome()
    {
        await using var crm = TestCrm.Open(_folder.File("crm.db"));
        await TestCrm.WriteAsync(crm, AccountBuilder.Many(1));
        var task = new CrmTask("k1", "A0001", "p", 1, Why, "Call", "s", AccountBuilder.Today, "csm", TaskPriority.High, ["done"], DateTimeOffset.UnixEpoch);
        var batch = new CrmWriteBatch([task], [], []);
        await crm.UpsertAsync(batch, CancellationToken.None);
        await TestCrm.ExecuteAsync(crm, "UPDATE tasks SET status = 'completed', outcome = 'done'");

        await crm.UpsertAsync(batch, CancellationToken.None);

        Assert.Equal(1, await TestCrm.ScalarAsync(crm, "SELECT COUNT(*) FROM tasks WHERE status = 'completed' AND outcome = 'done' AND owner_id = 'U0001'"));
    }

    [Fact]
    public async Task A_stale_stage_does_not_overwrite_a_newer_one()
    {
        await using var crm = TestCrm.Open(_folder.File("crm.db"));
        var newer = new CrmPlaybookStage("k2", "A0001", "p", 1, Why, "proposal", 2, DateTimeOffset.UnixEpoch);
        var older = new CrmPlaybookStage("k1", "A0001", "p", 1, Why, "qualify", 1, DateTimeOffset.UnixEpoch);

        await crm.UpsertAsync(new CrmWriteBatch([], [], [newer]), CancellationToken.None);
        await crm.UpsertAsync(new CrmWriteBatch([], [], [older]), CancellationToken.None);

        Assert.Equal(1, await TestCrm.ScalarAsync(crm, "SELECT COUNT(*) FROM playbook_stages WHERE stage = 'proposal' AND step = 2"));
    }

    [Fact]
    public async Task Contact_history_comes_from_the_proposals_already_sent_and_declined()
    {
        await using var crm = TestCrm.Open(_folder.File("crm.db"));
        await TestCrm.WriteAsync(crm, AccountBuilder.Many(2));
        ImmutableArray<CrmProposal> proposals =
        [
            new("p1", "A0002", "pb", 1, Why, "s", "o", new DateOnly(2026, 9, 1), new DateOnly(2026, 10, 1)),
            new("p2", "A0002", "pb", 1, Why, "s", "o", new DateOnly(2026, 11, 1), new DateOnly(2026, 12, 1)),
        ];
        var task = new CrmTask("t1", "A0002", "pb", 1, Why, "CheckIn", "Call", new DateOnly(2026, 11, 20), "csm", TaskPriority.Normal, ["done"],
            new DateTimeOffset(2026, 11, 15, 9, 0, 0, TimeSpan.Zero));
        await crm.UpsertAsync(new CrmWriteBatch([task], proposals, []), CancellationToken.None);
        await TestCrm.ExecuteAsync(crm, "UPDATE proposals SET status = 'declined', answered_on = '2026-11-10' WHERE key = 'p2'");

        var records = (await ReadAll(crm, null, 10)).SelectMany(p => p.Accounts).ToDictionary(a => a.Account.Id);

        Assert.Empty(records["A0001"].History.UpgradePromptDays);
        Assert.Empty(records["A0001"].History.Touches);
        Assert.Equal([new DateOnly(2026, 9, 1), new DateOnly(2026, 11, 1)], records["A0002"].History.UpgradePromptDays);
        Assert.Equal(new DateOnly(2026, 11, 10), records["A0002"].History.LastDeclinedOn);
        // The task is read back with its day, playbook and state, for the contact policy to judge (the runtime keeps upgrade tasks).
        Assert.Equal([ContactTouch.OfTask(new DateOnly(2026, 11, 15), "pb", "CheckIn")], records["A0002"].History.Touches);
    }

    private static async Task<List<CrmPage>> ReadAll(EmbeddedCrmGateway crm, string? watermark, int pageSize)
    {
        var pages = new List<CrmPage>();
        await foreach (var page in crm.ReadChangedAccountsAsync(watermark, pageSize, CancellationToken.None))
        {
            pages.Add(page);
        }

        return pages;
    }
}
