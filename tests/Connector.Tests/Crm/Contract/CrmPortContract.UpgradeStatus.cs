using CrmSuite.Connector.Crm;

namespace CrmSuite.Connector.Tests.Crm.Contract;

/// <summary>The admin's upgrade status view: how many proposals each playbook has in each status, across all accounts.</summary>
public abstract partial class CrmPortContract<TFixture>
{
    [Fact]
    public async Task Proposals_are_counted_per_playbook_and_status_across_every_account()
    {
        await SeedAsync(new ContractAccount("A1"), new ContractAccount("A2"), new ContractAccount("B1", ContractData.CsmBen));
        await Fixture.Writer.UpsertAsync(ContractData.Batch(
            ContractData.Proposal("P1", "A1"),
            ContractData.Proposal("P2", "A2"),
            ContractData.Proposal("P3", "B1"),
            ContractData.Proposal("R1", "A1", playbookId: "renewal-upgrade"),
            ContractData.Proposal("X1", "A2", issuedOn: ContractData.Today.AddDays(-40))), Ct);
        await Fixture.Proposals.AnswerProposalAsync(new ProposalAnswerRequest("P2", ProposalAnswer.Declined, "budget", "ana", ContractData.Now), Ct);
        await Fixture.Proposals.ExpireProposalsAsync(ContractData.Today, ContractData.Now, Ct);

        var counts = await Fixture.UpgradeStatus.CountProposalsAsync(Ct);

        Assert.Equal(
            [
                new ProposalStatusCount("renewal-upgrade", ProposalStatus.Issued, 1),
                new ProposalStatusCount(ContractData.Playbook, ProposalStatus.Issued, 2),
                new ProposalStatusCount(ContractData.Playbook, ProposalStatus.Declined, 1),
                new ProposalStatusCount(ContractData.Playbook, ProposalStatus.Expired, 1),
            ],
            counts);
    }

    [Fact]
    public async Task A_crm_without_proposals_counts_none()
    {
        await SeedAsync(new ContractAccount("A1"));

        Assert.Empty(await Fixture.UpgradeStatus.CountProposalsAsync(Ct));
    }
}
