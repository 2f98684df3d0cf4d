using System.Runtime.CompilerServices;
using CrmSuite.Connector.Backtest;
using CrmSuite.Connector.Crm;
using CrmSuite.Connector.Store;
using CrmSuite.Connector.Web;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;

namespace CrmSuite.Connector.Tests.Backtest;

/// <summary>
/// The web page's backtests (docs/backtest.md, "The page"): one runs at a time, the latest is kept with its report or the
/// reason it failed; and a start request is checked like the CLI's command line, naming the field at fault.
/// </summary>
public sealed class BacktestRunsTests
{
    private static readonly BacktestPlan Plan = new(new BacktestWindow(new DateOnly(2026, 3, 2), new DateOnly(2026, 3, 29)), "playbooks", null);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 30, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task A_second_start_while_a_backtest_runs_is_refused_and_taken_once_it_has_finished()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var runs = Runs(new GatedHistory(release.Task));

        var first = runs.TryStart(Plan, []);
        var refused = runs.TryStart(Plan, []);
        release.SetResult();
        await runs.Running;
        var second = runs.TryStart(Plan, []);

        Assert.NotNull(first);
        Assert.Null(refused);
        Assert.Equal(BacktestJobState.Done, first.State);
        Assert.Equal(new DateOnly(2026, 3, 2), first.End!.Report!.From);
        Assert.Equal(2, second!.Id);
        Assert.Same(second, runs.Latest);
        await runs.Running;
    }

    [Fact]
    public async Task A_run_on_a_crm_without_history_ends_failed_with_the_reason_and_the_next_start_is_taken()
    {
        var runs = Runs(new GatedHistory(Task.FromException(new CrmHistoryUnavailableException("the embedded CRM crm.db does not exist"))));

        var job = runs.TryStart(Plan, [])!;
        await runs.Running;

        Assert.Equal(BacktestJobState.Failed, job.State);
        Assert.Equal("the embedded CRM crm.db does not exist", job.End!.Error);
        Assert.NotNull(runs.TryStart(Plan, []));
        await runs.Running;
    }

    [Theory]
    [InlineData("2026-02-30", "2026-03-29", null, "from: expected a date yyyy-MM-dd, got '2026-02-30'.")]
    [InlineData("2026-03-02", "29/03/2026", null, "to: expected a date yyyy-MM-dd, got '29/03/2026'.")]
    [InlineData(null, "2026-03-29", null, "from: expected a date yyyy-MM-dd, got nothing.")]
    [InlineData("2026-04-01", "2026-03-01", null, "from 2026-04-01 is after to 2026-03-01.")]
    [InlineData("2023-01-01", "2026-03-01", null, "to: the window 2023-01-01 .. 2026-03-01 is 1156 days; at most 1096.")]
    [InlineData("2026-03-02", "2026-03-29", "/etc", "compare: '/etc' is not a folder this connector offers; choose one of playbooks, review/playbooks (Workbench:BacktestFolders).")]
    public void A_start_request_with_a_bad_field_is_refused_naming_the_field(string? from, string? to, string? compare, string problem)
    {
        var (plan, said) = BacktestRequest.Read(new BacktestStart(from, to, compare), "playbooks", ["playbooks", "review/playbooks"]);

        Assert.Null(plan);
        Assert.Equal(problem, said);
    }

    [Fact]
    public void A_start_request_runs_the_published_folder_and_compares_with_an_offered_one()
    {
        var (plan, problem) = BacktestRequest.Read(new BacktestStart("2026-03-02", "2026-03-29", "review/playbooks"), "playbooks", ["playbooks", "review/playbooks"]);

        Assert.Null(problem);
        Assert.Equal(new BacktestPlan(Plan.Window with { WarmUpDays = BacktestWindow.DefaultWarmUpDays }, "playbooks", "review/playbooks"), plan);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(90)]
    public void A_start_request_passes_the_warm_up_it_names(int days)
    {
        var (plan, problem) = BacktestRequest.Read(new BacktestStart("2026-03-02", "2026-03-29", null, days), "playbooks", ["playbooks"]);

        Assert.Null(problem);
        Assert.Equal(days, plan!.Window.WarmUpDays);
        Assert.Equal(new DateOnly(2026, 3, 2).AddDays(-days), plan.Window.ReplayFrom);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(366)]
    public void A_start_request_with_a_warm_up_outside_0_to_365_days_is_refused(int days)
    {
        var (plan, problem) = BacktestRequest.Read(new BacktestStart("2026-03-02", "2026-03-29", null, days), "playbooks", ["playbooks"]);

        Assert.Null(plan);
        Assert.Equal($"warmUp: expected 0 to 365 days, got {days}.", problem);
    }

    [Fact]
    public async Task A_replay_that_crashes_fails_the_run_naming_the_account_in_one_line()
    {
        var backtester = new Backtester(new BrokenTimeline(), new NoMovements(), Options.Create(new CrmSuite.Connector.Routing.RoutingOptions()));

        var failure = await Assert.ThrowsAsync<BacktestFailedException>(() => backtester.RunAsync([], Plan.Window, null, CancellationToken.None));

        Assert.Equal("A0000042", failure.AccountId);
        Assert.StartsWith("replaying account A0000042 with the playbooks of (no playbooks) failed: ", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', CrmSuite.Connector.Cli.BacktestCommand.FailureLine(failure));
    }

    private BacktestRuns Runs(ICrmHistory history)
    {
        var lifetime = Substitute.For<IHostApplicationLifetime>();
        lifetime.ApplicationStopping.Returns(CancellationToken.None);
        var backtester = new Backtester(history, new NoMovements(), Options.Create(new Connector.Routing.RoutingOptions()));
        return new BacktestRuns(backtester, lifetime, _time, NullLogger<BacktestRuns>.Instance);
    }

    private sealed class NoMovements : IMrrHistory
    {
        public async IAsyncEnumerable<MrrMovement> ReadMovementsAsync(DateOnly after, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.CompletedTask;
            yield break;
        }
    }

    // A CRM that hands over an account whose licenses cannot be read (an uninitialised list): the replay throws.
    private sealed class BrokenTimeline : ICrmHistory
    {
        public string Location => "crm.db";

        public async IAsyncEnumerable<CrmAccountTimeline> ReadTimelinesAsync(DateOnly from, DateOnly through, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.CompletedTask;
            var account = new CrmSuite.PlaybookEngine.Accounts.Account("A0000042", "Broken", "smb", "software", "adoption", "U0001");
            yield return new CrmAccountTimeline(account, default, [], [], []);
        }
    }

    // A CRM whose history is empty and comes only when the test lets it (or fails as the test says).
    private sealed class GatedHistory(Task gate) : ICrmHistory
    {
        public string Location => "crm.db";

        public async IAsyncEnumerable<CrmAccountTimeline> ReadTimelinesAsync(DateOnly from, DateOnly through, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await gate.WaitAsync(cancellationToken);
            yield break;
        }
    }
}
