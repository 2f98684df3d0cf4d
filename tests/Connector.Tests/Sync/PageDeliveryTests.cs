using CrmSuite.Connector.Sync;
using CrmSuite.Connector.Tests.Support;

namespace CrmSuite.Connector.Tests.Sync;

/// <summary>The CRM writes a sync delivers page by page while it runs, and what the dispatcher picks up after it.</summary>
public sealed class PageDeliveryTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_sync_delivers_every_committed_page_once_and_marks_it_delivered()
    {
        await using var t = await TestPipeline.CreateAsync(_folder);
        await TestCrm.WriteAsync(t.Crm, AccountBuilder.Many(30).Select(a => a with { SeatsUsed = 10 }));

        var summary = await t.Pipeline.RunOnceAsync(SyncMode.Full, CancellationToken.None);

        Assert.Equal(60, summary.Delivered);
        Assert.Equal(0, summary.DeliveryFailures);
        Assert.Equal(60, await t.StateScalarAsync("SELECT COUNT(*) FROM outbox WHERE delivered_at IS NOT NULL AND attempts = 1"));
        Assert.Equal(30, await TestCrm.ScalarAsync(t.Crm, "SELECT COUNT(*) FROM tasks"));
        Assert.Equal(30, await TestCrm.ScalarAsync(t.Crm, "SELECT COUNT(*) FROM playbook_stages"));
    }

    [Fact]
    public async Task Rows_whose_key_was_already_in_the_outbox_are_delivered_from_the_stored_row()
    {
        await using var t = await TestPipeline.CreateAsync(_folder);
        await TestCrm.WriteAsync(t.Crm, AccountBuilder.Many(12).Select(a => a with { SeatsUsed = 10 }));
        await t.Pipeline.SyncAccountsAsync(SyncMode.Full, CancellationToken.None);
        // Evaluated again from older state: the same keys, already pending in the outbox.
        await TestPipeline.StateScalar(_folder.File("state.db"), "DELETE FROM instances; SELECT 0;");

        var summary = await t.Pipeline.RunOnceAsync(SyncMode.Full, CancellationToken.None);

        Assert.Equal(24, summary.Delivered);
        Assert.Equal(24, await t.StateScalarAsync("SELECT COUNT(*) FROM outbox WHERE delivered_at IS NOT NULL AND attempts = 1"));
        Assert.Equal(12, await TestCrm.ScalarAsync(t.Crm, "SELECT COUNT(*) FROM tasks"));
    }

    [Fact]
    public async Task A_crm_that_refuses_writes_during_the_sync_leaves_them_pending_and_the_sync_committed()
    {
        await using var t = await TestPipeline.CreateAsync(_folder);
        await TestCrm.WriteAsync(t.Crm, AccountBuilder.Many(30).Select(a => a with { SeatsUsed = 10 }));
        await TestCrm.ExecuteAsync(t.Crm, "CREATE TRIGGER refuse BEFORE INSERT ON tasks BEGIN SELECT RAISE(ABORT, 'CRM refused'); END;");

        var summary = await t.Pipeline.RunOnceAsync(SyncMode.Full, CancellationToken.None);

        Assert.Equal(SyncOutcome.Completed, summary.Outcome);
        Assert.Equal(30, summary.Accounts);
        Assert.Equal(0, summary.Delivered);
        Assert.True(summary.DeliveryFailures > 0);
        Assert.Equal(60, await t.StateScalarAsync("SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL"));
        Assert.Equal(30, await t.StateScalarAsync("SELECT CAST(value AS INTEGER) FROM watermarks"));

        await TestCrm.ExecuteAsync(t.Crm, "DROP TRIGGER refuse");
        var again = await t.Dispatcher.DispatchAsync(CancellationToken.None);

        Assert.Equal(60, again.Delivered);
        Assert.Equal(30, await TestCrm.ScalarAsync(t.Crm, "SELECT COUNT(*) FROM tasks"));
    }
}
