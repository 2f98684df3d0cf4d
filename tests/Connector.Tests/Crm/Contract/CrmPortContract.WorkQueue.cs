using System.Collections.Immutable;
using CrmSuite.Connector.Crm;
using CrmSuite.PlaybookEngine.Runtime;

namespace CrmSuite.Connector.Tests.Crm.Contract;

/// <summary>The CSM work queue: who works tasks, and a CSM's open tasks with their provenance and the proposal of the same step.</summary>
public abstract partial class CrmPortContract<TFixture>
{
    [Fact]
    public async Task A_csm_s_queue_holds_only_the_open_tasks_of_accounts_they_own()
    {
        await SeedAsync(new ContractAccount("A1"), new ContractAccount("A2"), new ContractAccount("B1", ContractData.CsmBen));
        await Fixture.Writer.UpsertAsync(ContractData.Batch(
            ContractData.Task("T-A1", "A1"), ContractData.Task("T-A2", "A2"), ContractData.Task("T-B1", "B1")), Ct);

        Assert.Equal(["T-A1", "T-A2"], (await QueueKeysAsync(ContractData.CsmAna)).Order(StringComparer.Ordinal));
        Assert.Equal(["T-B1"], await QueueKeysAsync(ContractData.CsmBen));
    }

    [Fact]
    public async Task A_csm_s_queue_is_ordered_by_due_date_then_priority_urgent_first()
    {
        await SeedAsync(new ContractAccount("A1"), new ContractAccount("A2"));
        var soon = ContractData.Today.AddDays(1);
        var later = ContractData.Today.AddDays(2);
        await Fixture.Writer.UpsertAsync(ContractData.Batch(
            ContractData.Task("later-urgent", "A1", due: later, priority: TaskPriority.Urgent),
            ContractData.Task("soon-low", "A1", due: soon, priority: TaskPriority.Low),
            ContractData.Task("soon-urgent", "A2", due: soon, priority: TaskPriority.Urgent),
            ContractData.Task("soon-normal", "A1", due: soon, priority: TaskPriority.Normal),
            ContractData.Task("soon-high", "A2", due: soon, priority: TaskPriority.High)), Ct);

        Assert.Equal(["soon-urgent", "soon-high", "soon-normal", "soon-low", "later-urgent"], await QueueKeysAsync());
    }

    [Fact]
    public async Task A_csm_s_queue_is_limited_to_max_tasks_and_says_how_many_are_open_in_all()
    {
        await SeedAsync(new ContractAccount("A1"), new ContractAccount("A2"));
        await Fixture.Writer.UpsertAsync(ContractData.Batch(
            [.. Enumerable.Range(1, 5).Select(i => ContractData.Task($"T{i}", i % 2 == 0 ? "A2" : "A1", due: ContractData.Today.AddDays(i)))]), Ct);

        var queue = await QueueAsync(max: 2);

        Assert.Equal(["T1", "T2"], queue.Tasks.Select(t => t.Task.Key));
        Assert.Equal(5, queue.Total);
        Assert.Equal((ContractData.CsmAna, 5L), (queue.Csm.Id, queue.Csm.OpenTasks));
    }

    [Fact]
    public async Task A_completed_task_leaves_the_queue()
    {
        await SeedAsync(new ContractAccount("A1"));
        await Fixture.Writer.UpsertAsync(ContractData.Batch(ContractData.Task("T1", "A1"), ContractData.Task("T2", "A1")), Ct);

        await Fixture.TaskEvents.CompleteTaskAsync("T1", "reached", Fixture.Clock.GetUtcNow(), Ct);

        var queue = await QueueAsync();
        Assert.Equal(["T2"], queue.Tasks.Select(t => t.Task.Key));
        Assert.Equal(1, queue.Total);
    }

    [Fact]
    public async Task An_unknown_csm_has_no_queue()
    {
        await SeedAsync(new ContractAccount("A1"));

        Assert.Null(await Fixture.WorkQueue.ReadOpenTasksAsync("NOBODY", 10, Ct));
    }

    [Fact]
    public async Task A_user_who_owns_no_account_has_an_empty_queue()
    {
        await SeedAsync(new ContractAccount("A1"));
        await Fixture.Writer.UpsertAsync(ContractData.Batch(ContractData.Task("T1", "A1")), Ct);

        var queue = await Fixture.WorkQueue.ReadOpenTasksAsync(ContractData.CsmBen, 10, Ct);

        Assert.NotNull(queue);
        Assert.Equal((ContractData.CsmBen, 0L), (queue.Csm.Id, queue.Total));
        Assert.Empty(queue.Tasks);
    }

    [Fact]
    public async Task The_csms_are_the_users_who_own_accounts_or_have_the_csm_role_by_name_with_their_open_tasks()
    {
        // The manager owns an account, Ben (a CSM) owns none.
        await SeedAsync(new ContractAccount("A1"), new ContractAccount("A2"), new ContractAccount("M", ContractData.Manager));
        await Fixture.Writer.UpsertAsync(ContractData.Batch(
            ContractData.Task("T1", "A1"), ContractData.Task("T2", "A2"), ContractData.Task("T3", "A2"), ContractData.Task("T4", "M")), Ct);
        await Fixture.TaskEvents.CompleteTaskAsync("T3", "reached", Fixture.Clock.GetUtcNow(), Ct);

        var csms = await Fixture.WorkQueue.ReadCsmsAsync(Ct);

        Assert.Equal(
            [("Ana Alves", ContractData.CsmAna, 2L), ("Ben Brandt", ContractData.CsmBen, 0L), ("Mia Moreau", ContractData.Manager, 1L)],
            csms.Select(c => (c.Name, c.Id, c.OpenTasks)));
    }

    [Fact]
    public async Task A_task_comes_back_from_the_queue_as_it_was_written_with_its_account_s_name()
    {
        await SeedAsync(new ContractAccount("A1"));
        var task = ContractData.Task("T1", "A1", state: "Offer", subject: "Offer the enterprise tier", due: ContractData.Today.AddDays(7),
            priority: TaskPriority.High, version: 3, createdAt: ContractData.Now.AddMinutes(17));

        await Fixture.Writer.UpsertAsync(ContractData.Batch(task), Ct);

        var open = Assert.Single((await QueueAsync()).Tasks);
        Assert.Equal(Describe(new CrmOpenTask(task, "Account A1", null)), Describe(open));
    }

    [Fact]
    public async Task A_task_s_reason_comes_back_intact()
    {
        await SeedAsync(new ContractAccount("A1"));
        var reason = new Reason("Check-in", "Offer ➜ \"Enterprise\"", "seat_utilization >= 90% for 14 days | health > 60, segment = 'mid_market'",
        [
            new SignalReading("seat_utilization", "92%"),
            new SignalReading("health", "71"),
            new SignalReading("segment", "mid_market; \"quoted\", | piped = eq"),
            new SignalReading("renewal_date", "2027-05-08"),
        ]);

        await Fixture.Writer.UpsertAsync(ContractData.Batch(ContractData.Task("T1", "A1", reason: reason)), Ct);

        var back = Assert.Single((await QueueAsync()).Tasks).Task.Reason;
        Assert.Equal((reason.From, reason.To, reason.Trigger), (back.From, back.To, back.Trigger));
        Assert.Equal(reason.Readings.AsEnumerable(), back.Readings.AsEnumerable());
    }

    [Fact]
    public async Task A_task_s_reason_without_readings_comes_back_with_none()
    {
        await SeedAsync(new ContractAccount("A1"));
        var reason = new Reason("Watch", "CheckIn", "after 30 days", ImmutableArray<SignalReading>.Empty);

        await Fixture.Writer.UpsertAsync(ContractData.Batch(ContractData.Task("T1", "A1", reason: reason)), Ct);

        var back = Assert.Single((await QueueAsync()).Tasks).Task.Reason;
        Assert.Equal((reason.From, reason.To, reason.Trigger), (back.From, back.To, back.Trigger));
        Assert.False(back.Readings.IsDefault, "Readings is a default (null) array");
        Assert.Empty(back.Readings);
    }

    [Fact]
    public async Task The_proposal_of_the_same_step_is_attached_to_its_task()
    {
        await SeedAsync(new ContractAccount("A1"));
        var proposal = ContractData.Proposal("P1", "A1", state: "Offer", offerId: "pro-to-enterprise");

        await Fixture.Writer.UpsertAsync(ContractData.Batch(
            ContractData.Proposal("P-other-state", "A1", state: "CheckIn", offerId: "wrong"),
            ContractData.Proposal("P-other-playbook", "A1", state: "Offer", offerId: "wrong", playbookId: "renewal"),
            ContractData.Proposal("P-other-version", "A1", state: "Offer", offerId: "wrong", version: 2),
            proposal,
            ContractData.Task("T1", "A1", state: "Offer")), Ct);

        var attached = Assert.Single((await QueueAsync()).Tasks).Proposal;
        Assert.Equal(new CrmProposalState("P1", "pro-to-enterprise", proposal.IssuedOn, proposal.ExpiresOn, ProposalStatus.Issued), attached);
    }

    [Fact]
    public async Task A_task_whose_step_issued_no_proposal_has_none_attached()
    {
        await SeedAsync(new ContractAccount("A1"), new ContractAccount("A2"));

        await Fixture.Writer.UpsertAsync(ContractData.Batch(
            ContractData.Proposal("P-other-account", "A2", state: "Offer"),
            ContractData.Proposal("P-other-state", "A1", state: "CheckIn"),
            ContractData.Proposal("P-other-playbook", "A1", state: "Offer", playbookId: "renewal"),
            ContractData.Proposal("P-other-version", "A1", state: "Offer", version: 2),
            ContractData.Task("T1", "A1", state: "Offer")), Ct);

        Assert.Null(Assert.Single((await QueueAsync()).Tasks).Proposal);
    }
}
