using CrmSuite.Connector.Sync;
using CrmSuite.Connector.Tests.Support;

namespace CrmSuite.Connector.Tests.Sync;

public sealed class OutboxDispatcherTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Redelivering_the_outbox_is_a_no_op_in_the_crm()
    {
        await using var t = await TestPipeline.CreateAsync(_folder);
        await TestCrm.WriteAsync(t.Crm, AccountBuilder.Many(20).Select(a => a with { SeatsUsed = 10 }));
        await t.Pipeline.RunOnceAsync(SyncMode.Full, CancellationToken.None);
        await TestCrm.ExecuteAsync(t.Crm, "UPDATE tasks SET status = 'completed', outcome = 'confirmed' WHERE account_id = 'A0004'");

        // As after a crash between the CRM write and the delivered mark.
        await TestPipeline.StateScalar(_folder.File("state.db"), "UPDATE outbox SET delivered_at = NULL; SELECT 0;");
        var again = await t.Dispatcher.DispatchAsync(CancellationToken.None);

        Assert.Equal(40, again.Delivered);
        Assert.Equal(20, await TestCrm.ScalarAsync(t.Crm, "SELECT COUNT(*) FROM tasks"));
        Assert.Equal(20, await TestCrm.ScalarAsync(t.Crm, "SELECT COUNT(*) FROM playbook_stages"));
        Assert.Equal(1, await TestCrm.ScalarAsync(t.Crm, "SELECT COUNT(*) FROM tasks WHERE account_id = 'A0004' AND status = 'completed' AND outcome = 'confirmed'"));
    }

    [Fact]
    public async Task Re_evaluating_the_same_page_adds_no_second_outbox_row_for_the_same_key()
    {
        await using var t = await TestPipeline.CreateAsync(_folder);
        await TestCrm.WriteAsync(t.Crm, [new AccountBuilder("A0001", SeatsUsed: 10)]);
        await t.Pipeline.SyncAccountsAsync(SyncMode.Full, CancellationToken.None);
        // Forget the instance, as if the page had been evaluated again from older state.
        await TestPipeline.StateScalar(_folder.File("state.db"), "DELETE FROM instances; SELECT 0;");

        await t.Pipeline.SyncAccountsAsync(SyncMode.Full, CancellationToken.None);

        Assert.Equal(2, await t.StateScalarAsync("SELECT COUNT(*) FROM outbox"));
    }

    [Fact]
    public async Task A_batch_the_crm_refuses_stays_pending_with_its_error()
    {
        await using var t = await TestPipeline.CreateAsync(_folder);
        await TestCrm.WriteAsync(t.Crm, [new AccountBuilder("A0001", SeatsUsed: 10)]);
        await t.Pipeline.SyncAccountsAsync(SyncMode.Full, CancellationToken.None);
        await TestCrm.ExecuteAsync(t.Crm, "CREATE TRIGGER refuse BEFORE INSERT ON tasks BEGIN SELECT RAISE(ABORT, 'CRM refused'); END;");

        var result = await t.Dispatcher.DispatchAsync(CancellationToken.None);

        Assert.Equal(0, result.Delivered);
        Assert.Equal(2, result.Failed);
        Assert.Equal(2, await t.StateScalarAsync("SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL AND attempts = 1 AND last_error LIKE '%CRM refused%'"));
        Assert.Equal(0, await TestCrm.ScalarAsync(t.Crm, "SELECT COUNT(*) FROM playbook_stages"));
    }
}
