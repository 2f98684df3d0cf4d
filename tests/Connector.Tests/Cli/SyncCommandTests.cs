using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using CrmSuite.Connector.Cli;
using CrmSuite.Connector.Sync;
using CrmSuite.Connector.Tests.Support;

namespace CrmSuite.Connector.Tests.Cli;

public sealed class SyncCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Sync_once_runs_a_cycle_over_the_seeded_crm_and_status_reads_it_back()
    {
        var crm = _folder.File("crm.db");
        var state = _folder.File("state.db");
        var evaluator = new SeatEvaluator();
        var root = new RootCommand { DemoCommand.Create(), SyncCommand.Create(b =>
        {
            // The verb reads the published playbooks before it takes the lock, even with the evaluator replaced.
            b.Configuration["Connector:PlaybooksPath"] = Path.Combine(CliRunner.RepositoryRoot, "playbooks");
            b.Services.AddSingleton<IAccountEvaluator>(evaluator);
        }), StatusCommand.Create() };
        Assert.Equal(ExitCodes.Ok, await root.Parse(["demo", "seed", "--accounts", "300", "--today", "2026-11-24", "--history-days", "0", "--crm-db", crm, "--state-db", state]).InvokeAsync());

        var exit = await root.Parse(["sync", "--once", "--full", "--crm-db", crm, "--state-db", state]).InvokeAsync();

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Equal(300, evaluator.Evaluated.Count + await TestPipeline.StateScalar(state, "SELECT COUNT(DISTINCT account_id) FROM quarantine"));
        Assert.Equal(1, await TestPipeline.StateScalar(state, "SELECT COUNT(*) FROM syncs WHERE status = 'completed' AND mode = 'full'"));
        Assert.Equal(0, await TestPipeline.StateScalar(state, "SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL"));
        Assert.Equal(ExitCodes.Ok, await root.Parse(["status", "--state-db", state]).InvokeAsync());
    }

    [Fact]
    public async Task Sync_without_once_is_a_usage_error()
    {
        var root = new RootCommand { SyncCommand.Create(b => b.Services.AddSingleton<IAccountEvaluator>(new SeatEvaluator())) };

        Assert.Equal(ExitCodes.Usage, await root.Parse(["sync", "--state-db", _folder.File("s.db"), "--crm-db", _folder.File("c.db")]).InvokeAsync());
    }
}
