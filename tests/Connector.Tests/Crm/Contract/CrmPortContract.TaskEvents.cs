using CrmSuite.Connector.Crm;

namespace CrmSuite.Connector.Tests.Crm.Contract;

/// <summary>A CSM's completed task as a durable event: recorded with the task, read until marked processed, replayed after a crash.</summary>
public abstract partial class CrmPortContract<TFixture>
{
    private async Task OpenTasksAsync(params string[] keys)
    {
        await SeedAsync(ContractAccount.Many(2));
        await Fixture.Writer.UpsertAsync(ContractData.Batch([.. keys.Select(k => ContractData.Task(k, "C001", state: "CheckIn"))]), Ct);
    }

    private Task<TaskCompletion> CompleteAsync(string key, string outcome = "reached") =>
        Fixture.TaskEvents.CompleteTaskAsync(key, outcome, Fixture.Clock.GetUtcNow(), Ct);

    private static TaskEventResult Applied(TaskEvent e) =>
        new(e.Id, e.TaskKey, e.AccountId, e.PlaybookId, e.Outcome, EventResultKind.Applied, "CheckIn -> Offer: 1 task(s), 0 proposal(s)", "Offer", 1, 0);

    [Fact]
    public async Task Completing_an_open_task_records_an_event_that_is_read_as_pending()
    {
        await OpenTasksAsync("T1");
        Fixture.Clock.Advance(TimeSpan.FromMinutes(5));
        var at = Fixture.Clock.GetUtcNow();

        var completion = await CompleteAsync("T1", "no_answer");

        Assert.Equal(TaskCompletionStatus.Completed, completion.Status);
        Assert.Equal("no_answer", completion.Outcome);
        var pending = Assert.Single(await Fixture.TaskEvents.ReadPendingTaskEventsAsync(Ct));
        Assert.Equal(new TaskEvent(completion.EventId!.Value, "T1", "C001", ContractData.Playbook, "CheckIn", "no_answer", at), pending);
    }

    [Fact]
    public async Task Completing_an_unknown_task_changes_nothing_and_records_no_event()
    {
        await OpenTasksAsync("T1");

        var completion = await CompleteAsync("NOPE");

        Assert.Equal((TaskCompletionStatus.NotFound, (long?)null), (completion.Status, completion.EventId));
        Assert.Empty(await Fixture.TaskEvents.ReadPendingTaskEventsAsync(Ct));
        Assert.Equal(["T1"], await QueueKeysAsync());
    }

    [Fact]
    public async Task Completing_a_completed_task_again_changes_nothing_and_records_no_event()
    {
        await OpenTasksAsync("T1");
        var first = await CompleteAsync("T1", "reached");

        var again = await CompleteAsync("T1", "no_answer");

        Assert.Equal((TaskCompletionStatus.AlreadyCompleted, "reached", (long?)null), (again.Status, again.Outcome, again.EventId));
        var pending = Assert.Single(await Fixture.TaskEvents.ReadPendingTaskEventsAsync(Ct));
        Assert.Equal((first.EventId, "reached"), (pending.Id, pending.Outcome));
    }

    [Fact]
    public async Task Completing_a_task_with_an_outcome_it_does_not_allow_changes_nothing_and_records_no_event()
    {
        await OpenTasksAsync("T1");

        var completion = await CompleteAsync("T1", "accepted");

        Assert.Equal((TaskCompletionStatus.OutcomeNotAllowed, (long?)null), (completion.Status, completion.EventId));
        Assert.Equal(["no_answer", "reached"], completion.AllowedOutcomes.Order(StringComparer.Ordinal));
        Assert.Empty(await Fixture.TaskEvents.ReadPendingTaskEventsAsync(Ct));
        Assert.Equal(["T1"], await QueueKeysAsync());
    }

    [Fact]
    public async Task Event_ids_grow_in_the_order_tasks_are_completed_and_pending_events_come_oldest_first()
    {
        await OpenTasksAsync("T1", "T2", "T3");

        var ids = new List<long>();
        foreach (var key in new[] { "T3", "T1", "T2" })
        {
            Fixture.Clock.Advance(TimeSpan.FromMinutes(1));
            ids.Add((await CompleteAsync(key)).EventId!.Value);
        }

        Assert.True(ids[0] < ids[1] && ids[1] < ids[2], $"event ids {string.Join(", ", ids)} do not grow");
        var pending = await Fixture.TaskEvents.ReadPendingTaskEventsAsync(Ct);
        Assert.Equal([(ids[0], "T3"), (ids[1], "T1"), (ids[2], "T2")], pending.Select(e => (e.Id, e.TaskKey)));
    }

    [Fact]
    public async Task An_event_id_is_never_handed_out_again_after_events_are_processed_and_the_crm_restarts()
    {
        await OpenTasksAsync("T1", "T2");
        var first = await CompleteAsync("T1");
        var e1 = Assert.Single(await Fixture.TaskEvents.ReadPendingTaskEventsAsync(Ct));
        await Fixture.TaskEvents.MarkTaskEventProcessedAsync(e1.Id, Applied(e1), Fixture.Clock.GetUtcNow(), Ct);
        await using var reopened = await Fixture.ReopenAsync();

        var second = await reopened.TaskEvents.CompleteTaskAsync("T2", "reached", reopened.Clock.GetUtcNow(), Ct);

        Assert.True(second.EventId > first.EventId, $"event id {second.EventId} after {first.EventId}");
    }

    [Fact]
    public async Task An_event_not_marked_processed_is_read_again_after_a_restart()
    {
        await OpenTasksAsync("T1", "T2");
        await CompleteAsync("T1");
        await CompleteAsync("T2");
        var before = await Fixture.TaskEvents.ReadPendingTaskEventsAsync(Ct);
        await Fixture.TaskEvents.MarkTaskEventProcessedAsync(before[0].Id, Applied(before[0]), Fixture.Clock.GetUtcNow(), Ct);

        await using var reopened = await Fixture.ReopenAsync();

        Assert.Equal([before[1]], await reopened.TaskEvents.ReadPendingTaskEventsAsync(Ct));
    }

    [Fact]
    public async Task An_event_marked_processed_is_never_read_again_even_after_a_restart()
    {
        await OpenTasksAsync("T1");
        await CompleteAsync("T1");
        var e = Assert.Single(await Fixture.TaskEvents.ReadPendingTaskEventsAsync(Ct));

        await Fixture.TaskEvents.MarkTaskEventProcessedAsync(e.Id, Applied(e), Fixture.Clock.GetUtcNow(), Ct);

        Assert.Empty(await Fixture.TaskEvents.ReadPendingTaskEventsAsync(Ct));
        await using var reopened = await Fixture.ReopenAsync();
        Assert.Empty(await reopened.TaskEvents.ReadPendingTaskEventsAsync(Ct));
    }

    [Fact]
    public async Task Marking_an_event_processed_twice_is_harmless_and_leaves_other_events_pending()
    {
        await OpenTasksAsync("T1", "T2");
        await CompleteAsync("T1");
        await CompleteAsync("T2");
        var pending = await Fixture.TaskEvents.ReadPendingTaskEventsAsync(Ct);
        await Fixture.TaskEvents.MarkTaskEventProcessedAsync(pending[0].Id, Applied(pending[0]), Fixture.Clock.GetUtcNow(), Ct);
        Fixture.Clock.Advance(TimeSpan.FromMinutes(1));

        await Fixture.TaskEvents.MarkTaskEventProcessedAsync(pending[0].Id, Applied(pending[0]), Fixture.Clock.GetUtcNow(), Ct);

        Assert.Equal([pending[1]], await Fixture.TaskEvents.ReadPendingTaskEventsAsync(Ct));
    }
}
