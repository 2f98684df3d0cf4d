namespace CrmSuite.Connector.Tests.Crm.Contract;

/// <summary>Upserts by idempotency key: a re-delivery changes nothing, a CSM's work is never undone, stages only move forward.</summary>
public abstract partial class CrmPortContract<TFixture>
{
    [Fact]
    public async Task Upserting_the_same_batch_twice_leaves_the_same_rows()
    {
        await SeedAsync(ContractAccount.Many(2));
        var batch = ContractData.Batch(
            ContractData.Task("T1", "C001", state: "Offer") with { Step = 2 },
            ContractData.Task("T2", "C002"),
            ContractData.Proposal("P1", "C001", state: "Offer"),
            ContractData.Stage("S1", "C001", "Offer", 2));
        await Fixture.Writer.UpsertAsync(batch, Ct);
        var once = (await QueueAsync()).Tasks.Select(Describe).ToList();
        var stageOnce = await Fixture.ReadStageAsync("C001", ContractData.Playbook);

        await Fixture.Writer.UpsertAsync(batch, Ct);

        var twice = await QueueAsync();
        Assert.Equal(2, once.Count);
        Assert.Equal(once, twice.Tasks.Select(Describe));
        Assert.Equal(2, twice.Total);
        Assert.Equal(stageOnce, await Fixture.ReadStageAsync("C001", ContractData.Playbook));
    }

    [Fact]
    public async Task A_task_re_upserted_with_a_different_subject_keeps_the_first()
    {
        await SeedAsync(ContractAccount.Many(1));
        await Fixture.Writer.UpsertAsync(ContractData.Batch(ContractData.Task("T1", "C001", subject: "First subject")), Ct);

        await Fixture.Writer.UpsertAsync(ContractData.Batch(ContractData.Task("T1", "C001", subject: "Second subject")), Ct);

        Assert.Equal("First subject", Assert.Single((await QueueAsync()).Tasks).Task.Subject);
    }

    [Fact]
    public async Task A_proposal_re_upserted_with_a_different_offer_keeps_the_first()
    {
        await SeedAsync(ContractAccount.Many(1));
        await Fixture.Writer.UpsertAsync(ContractData.Batch(ContractData.Task("T1", "C001"), ContractData.Proposal("P1", "C001", offerId: "first-offer")), Ct);

        await Fixture.Writer.UpsertAsync(ContractData.Batch(ContractData.Proposal("P1", "C001", offerId: "second-offer")), Ct);

        Assert.Equal("first-offer", Assert.Single((await QueueAsync()).Tasks).Proposal?.OfferId);
    }

    [Fact]
    public async Task A_completed_task_is_not_reopened_by_a_redelivery()
    {
        await SeedAsync(ContractAccount.Many(1));
        var batch = ContractData.Batch(ContractData.Task("T1", "C001"));
        await Fixture.Writer.UpsertAsync(batch, Ct);
        await Fixture.TaskEvents.CompleteTaskAsync("T1", "reached", Fixture.Clock.GetUtcNow(), Ct);

        await Fixture.Writer.UpsertAsync(batch, Ct);

        Assert.Empty((await QueueAsync()).Tasks);
        var again = await Fixture.TaskEvents.CompleteTaskAsync("T1", "no_answer", Fixture.Clock.GetUtcNow(), Ct);
        Assert.Equal((Connector.Crm.TaskCompletionStatus.AlreadyCompleted, "reached"), (again.Status, again.Outcome));
    }

    [Fact]
    public async Task A_stage_with_a_lower_step_does_not_overwrite_a_higher_one()
    {
        await SeedAsync(ContractAccount.Many(1));
        await Fixture.Writer.UpsertAsync(ContractData.Batch(ContractData.Stage("K3", "C001", "Offer", 3)), Ct);

        await Fixture.Writer.UpsertAsync(ContractData.Batch(ContractData.Stage("K2", "C001", "CheckIn", 2)), Ct);

        Assert.Equal(new StoredStage("K3", "Offer", 3), await Fixture.ReadStageAsync("C001", ContractData.Playbook));
    }

    [Fact]
    public async Task A_stage_with_a_higher_step_replaces_the_stored_one()
    {
        await SeedAsync(ContractAccount.Many(1));
        await Fixture.Writer.UpsertAsync(ContractData.Batch(ContractData.Stage("K2", "C001", "CheckIn", 2)), Ct);

        await Fixture.Writer.UpsertAsync(ContractData.Batch(ContractData.Stage("K3", "C001", "Offer", 3)), Ct);

        Assert.Equal(new StoredStage("K3", "Offer", 3), await Fixture.ReadStageAsync("C001", ContractData.Playbook));
    }

    [Fact]
    public async Task Stages_of_different_playbooks_on_one_account_are_kept_apart()
    {
        await SeedAsync(ContractAccount.Many(1));

        await Fixture.Writer.UpsertAsync(ContractData.Batch(
            ContractData.Stage("K5", "C001", "Offer", 5),
            ContractData.Stage("R1", "C001", "Watch", 1, playbookId: "renewal")), Ct);

        Assert.Equal(new StoredStage("K5", "Offer", 5), await Fixture.ReadStageAsync("C001", ContractData.Playbook));
        Assert.Equal(new StoredStage("R1", "Watch", 1), await Fixture.ReadStageAsync("C001", "renewal"));
    }
}
