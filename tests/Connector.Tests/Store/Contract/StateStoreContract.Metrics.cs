using CrmSuite.Connector.Store;
using CrmSuite.PlaybookEngine.Metrics;
using CrmSuite.PlaybookEngine.Runtime;

namespace CrmSuite.Connector.Tests.Store.Contract;

/// <summary>What the metrics, the dashboard and the admin view read from every store, written through the store's own page commits.</summary>
public abstract partial class StateStoreContract
{
    [Fact]
    public async Task The_metrics_read_the_ledger_account_by_account_in_write_order_with_every_field()
    {
        await using var store = await OpenAsync();
        var day = new DateOnly(2026, 11, 20);
        await store.Pages.CommitPageAsync(LedgerCommit() with
        {
            Movements =
            [
                new MrrMovement(day, "A2", "A2-S1", MrrMovementKind.New, 0m, 99m, null, "starter", 0, 3, "USD"),
                new MrrMovement(day, "A1", "A1-S1", MrrMovementKind.Expansion, 290m, 450.25m, "professional", "enterprise", 10, 12, "EUR", "prop-1"),
            ],
        }, CancellationToken.None);
        await store.Pages.CommitPageAsync(LedgerCommit() with
        {
            Movements = [new MrrMovement(day.AddDays(3), "A1", "A1-S1", MrrMovementKind.Churn, 450.25m, 0m, "enterprise", "enterprise", 12, 12, "EUR", PaidThrough: day.AddDays(40))],
        }, CancellationToken.None);

        var ledger = store.Metrics.ReadLedger().ToList();

        Assert.Equal(
        [
            new LedgerEntry(day, "A1", "A1-S1", 290m, 450.25m, "EUR", "professional", "enterprise", 10, 12, "prop-1", null),
            new LedgerEntry(day.AddDays(3), "A1", "A1-S1", 450.25m, 0m, "EUR", "enterprise", "enterprise", 12, 12, null, day.AddDays(40)),
            new LedgerEntry(day, "A2", "A2-S1", 0m, 99m, "USD", null, "starter", 0, 3, null, null),
        ], ledger);
        var transitions = await store.Overview.ReadLicenseTransitionsAsync(10, CancellationToken.None);
        Assert.Equal(1, transitions.Total);
        Assert.Equal(("A1", MrrMovementKind.Expansion, 450.25m, "prop-1"), (transitions.Recent[0].AccountId, transitions.Recent[0].Kind, transitions.Recent[0].MrrAfter, transitions.Recent[0].ProposalKey));
    }

    [Fact]
    public async Task The_metrics_read_each_transition_with_its_day_and_every_experiment_member_and_variant()
    {
        await using var store = await OpenAsync();
        var reason = new Reason("Watching", "Offer", "seat_utilization >= 0.9", []);
        var at = new DateTimeOffset(2026, 11, 24, 23, 30, 0, TimeSpan.FromHours(-2));
        await store.Pages.CommitPageAsync(LedgerCommit() with
        {
            Instances =
            [
                new PlaybookInstance("A1", "p", 1, "Offer", at, 0, 0, []) { Experiment = "exp-1", HeldOut = true },
                new PlaybookInstance("A2", "p", 1, "Watching", at, 0, 0, []) { Experiment = "exp-1" },
                new PlaybookInstance("A3", "q", 1, "Watching", at, 0, 0, []),
            ],
            Audit =
            [
                new AuditEntry(at, "sync", "A1", "p", 1, AuditKind.Transition, reason, null, "k-1"),
                new AuditEntry(at, "sync", "A2", "p", 1, AuditKind.Suppressed, reason, new GuardrailRefusal(GuardrailKind.ContactBudget, "2 contacts in 30 days"), "k-2"),
            ],
            Variants = [new VariantShown("A2", "p", "exp-1", "Offer/proposal/1", "short", "k-3", at)],
        }, CancellationToken.None);

        // Only transitions, on their day in UTC (23:30 at UTC-2 is the next day there).
        Assert.Equal([new TransitionRecord("A1", "p", "Watching", "Offer", new DateOnly(2026, 11, 25))], store.Metrics.ReadTransitions().ToList());
        Assert.Equal([new ExperimentMember("p", "exp-1", "A1", true), new ExperimentMember("p", "exp-1", "A2", false)], store.Metrics.ReadExperimentMembers().ToList());
        Assert.Equal([new VariantMember("p", "exp-1", "Offer/proposal/1", "short", "A2")], store.Metrics.ReadVariantMembers().ToList());
        Assert.Equal([new InstanceStateCount("p", "Offer", 1), new InstanceStateCount("p", "Watching", 1), new InstanceStateCount("q", "Watching", 1)],
            await store.Overview.CountInstancesAsync(CancellationToken.None));
    }

    [Fact]
    public async Task The_change_version_moves_once_a_commit_to_what_the_metrics_read_has_reached_the_store()
    {
        await using var store = await OpenAsync();
        var before = store.Metrics.ChangeVersion();
        Assert.Equal(before, store.Metrics.ChangeVersion());

        await store.Pages.CommitPageAsync(LedgerCommit() with
        {
            Movements = [new MrrMovement(new DateOnly(2026, 11, 20), "A1", "A1-S1", MrrMovementKind.New, 0m, 99m, null, "starter", 0, 3, "USD")],
        }, CancellationToken.None);

        // SQLite sees it at once; PostgreSQL's statistics report it once the writing session is idle (seconds).
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (store.Metrics.ChangeVersion() == before)
        {
            Assert.True(DateTime.UtcNow < deadline, "the change version did not move within 30 s of the commit");
            await Task.Delay(100);
        }
    }

    private PageCommit LedgerCommit() => new(1, Time.GetUtcNow(), Watermarks.Accounts, "1", [], [], [], [], [], [], [], [], default, []);
}
