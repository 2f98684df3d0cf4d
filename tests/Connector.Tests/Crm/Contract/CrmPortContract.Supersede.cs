namespace CrmSuite.Connector.Tests.Crm.Contract;

/// <summary>Tasks belong to the step that opened them: a stage moving on supersedes the playbook's open tasks of earlier steps only.</summary>
public abstract partial class CrmPortContract<TFixture>
{
    [Fact]
    public async Task A_stage_supersedes_the_playbook_s_open_tasks_of_earlier_steps_only()
    {
        await SeedAsync(ContractAccount.Many(1));
        await Fixture.Writer.UpsertAsync(ContractData.Batch(
            ContractData.Task("T1", "C001", state: "CheckIn") with { Step = 1 },
            ContractData.Task("T-other", "C001", state: "CheckIn", playbookId: "other-play") with { Step = 1 }), Ct);

        await Fixture.Writer.UpsertAsync(ContractData.Batch(
            ContractData.Task("T2", "C001", state: "Offer") with { Step = 2 },
            ContractData.Stage("S2", "C001", "Offer", 2)), Ct);

        Assert.Equal(["T-other", "T2"], (await QueueAsync()).Tasks.Select(t => t.Task.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_redelivered_stage_supersedes_nothing_more()
    {
        await SeedAsync(ContractAccount.Many(1));
        var closure = ContractData.Stage("S2", "C001", "Offer", 2);
        await Fixture.Writer.UpsertAsync(ContractData.Batch(ContractData.Task("T1", "C001") with { Step = 1 }, closure), Ct);
        await Fixture.Writer.UpsertAsync(ContractData.Batch(ContractData.Task("T3", "C001", state: "Offer") with { Step = 2 }), Ct);

        await Fixture.Writer.UpsertAsync(ContractData.Batch(closure), Ct);

        Assert.Equal("T3", Assert.Single((await QueueAsync()).Tasks).Task.Key);
    }
}
