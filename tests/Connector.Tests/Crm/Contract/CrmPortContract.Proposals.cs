using CrmSuite.Connector.Crm;

namespace CrmSuite.Connector.Tests.Crm.Contract;

/// <summary>
/// The proposal side of the port: an answer or an expiry is a durable event recorded with the status change, replayed
/// until marked; a closed proposal changes nothing; a license change applies once per proposal.
/// </summary>
public abstract partial class CrmPortContract<TFixture>
{
    private static readonly DateTimeOffset AnsweredAt = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task An_answer_records_its_event_and_the_proposal_leaves_the_open_list()
    {
        await SeedAsync(ContractAccount.Many(1));
        await Fixture.Writer.UpsertAsync(ContractData.Batch(ContractData.Proposal("P1", "C001")), Ct);

        var answer = await Fixture.Proposals.AnswerProposalAsync(new ProposalAnswerRequest("P1", ProposalAnswer.Declined, "budget", "ana", AnsweredAt), Ct);

        Assert.Equal((ProposalAnswerStatus.Answered, ProposalStatus.Declined), (answer.Outcome, answer.Status));
        var e = Assert.Single(await Fixture.Proposals.ReadPendingProposalEventsAsync(Ct));
        Assert.Equal(("P1", "C001", ProposalEventKind.Declined, "budget"), (e.ProposalKey, e.AccountId, e.Kind, e.Reason));
        Assert.Empty(await Fixture.WorkQueue.ReadOpenProposalsAsync(ContractData.CsmAna, 100, Ct) ?? []);
        Assert.Equal(ProposalStatus.Declined, (await Fixture.Proposals.ReadProposalAsync("P1", Ct))!.Status);
    }

    [Fact]
    public async Task A_second_answer_an_unknown_key_or_an_answer_after_the_last_valid_day_changes_nothing()
    {
        await SeedAsync(ContractAccount.Many(2));
        await Fixture.Writer.UpsertAsync(ContractData.Batch(ContractData.Proposal("P1", "C001"), ContractData.Proposal("P2", "C002")), Ct);
        await Fixture.Proposals.AnswerProposalAsync(new ProposalAnswerRequest("P1", ProposalAnswer.Accepted, null, "ana", AnsweredAt), Ct);

        var twice = await Fixture.Proposals.AnswerProposalAsync(new ProposalAnswerRequest("P1", ProposalAnswer.Declined, null, "ana", AnsweredAt), Ct);
        var unknown = await Fixture.Proposals.AnswerProposalAsync(new ProposalAnswerRequest("P9", ProposalAnswer.Accepted, null, "ana", AnsweredAt), Ct);
        var late = await Fixture.Proposals.AnswerProposalAsync(new ProposalAnswerRequest("P2", ProposalAnswer.Accepted, null, "ana", AnsweredAt.AddDays(60)), Ct);

        Assert.Equal((ProposalAnswerStatus.Closed, ProposalStatus.Accepted), (twice.Outcome, twice.Status));
        Assert.Equal(ProposalAnswerStatus.NotFound, unknown.Outcome);
        Assert.Equal(ProposalAnswerStatus.Expired, late.Outcome);
        Assert.Single(await Fixture.Proposals.ReadPendingProposalEventsAsync(Ct));
    }

    [Fact]
    public async Task Expiry_closes_only_proposals_past_their_last_valid_day_each_with_an_event()
    {
        await SeedAsync(ContractAccount.Many(2));
        await Fixture.Writer.UpsertAsync(ContractData.Batch(
            ContractData.Proposal("P1", "C001", issuedOn: ContractData.Today.AddDays(-40)),
            ContractData.Proposal("P2", "C002", issuedOn: ContractData.Today.AddDays(-30))), Ct);

        var due = await Fixture.Proposals.ReadExpiringProposalsAsync(ContractData.Today, ContractData.Now, Ct);
        var expired = await Fixture.Proposals.ExpireProposalsAsync(ContractData.Today, ContractData.Now, Ct);

        Assert.Equal(("P1", "C001", ProposalEventKind.Expired, 0L), Assert.Single(due) is var d ? (d.ProposalKey, d.AccountId, d.Kind, d.Id) : default);
        Assert.Equal(1, expired);
        Assert.Equal(ProposalStatus.Expired, (await Fixture.Proposals.ReadProposalAsync("P1", Ct))!.Status);
        Assert.Equal(ProposalStatus.Issued, (await Fixture.Proposals.ReadProposalAsync("P2", Ct))!.Status);
        Assert.Equal(("P1", ProposalEventKind.Expired), Assert.Single(await Fixture.Proposals.ReadPendingProposalEventsAsync(Ct)) is var e ? (e.ProposalKey, e.Kind) : default);
        Assert.Equal(0, await Fixture.Proposals.ExpireProposalsAsync(ContractData.Today, ContractData.Now, Ct));
        Assert.Empty(await Fixture.Proposals.ReadExpiringProposalsAsync(ContractData.Today, ContractData.Now, Ct));
    }

    [Fact]
    public async Task A_proposal_event_not_marked_is_replayed_after_a_restart_and_once_marked_never_again()
    {
        await SeedAsync(ContractAccount.Many(2));
        await Fixture.Writer.UpsertAsync(ContractData.Batch(ContractData.Proposal("P1", "C001"), ContractData.Proposal("P2", "C002")), Ct);
        await Fixture.Proposals.AnswerProposalAsync(new ProposalAnswerRequest("P1", ProposalAnswer.Accepted, null, "ana", AnsweredAt), Ct);
        await Fixture.Proposals.AnswerProposalAsync(new ProposalAnswerRequest("P2", ProposalAnswer.Declined, null, "ana", AnsweredAt), Ct);
        var first = (await Fixture.Proposals.ReadPendingProposalEventsAsync(Ct))[0];
        await Fixture.Proposals.MarkProposalEventProcessedAsync(first.Id, "applied", ContractData.Now, Ct);

        await using var restarted = await Fixture.ReopenAsync();

        var pending = Assert.Single(await restarted.Proposals.ReadPendingProposalEventsAsync(Ct));
        Assert.Equal("P2", pending.ProposalKey);
        Assert.True(pending.Id > first.Id);
    }

    [Fact]
    public async Task A_proposal_s_terms_come_back_as_written()
    {
        await SeedAsync(ContractAccount.Many(1));
        var terms = new ProposalTerms("C001-S1", "professional", 10, "enterprise", 12, PlaybookEngine.Accounts.BillingPeriod.Annual, 12, 640.5m, "USD", true,
            [new ProrationLine("Credit", -120.25m), new ProrationLine("Charge", 300m)]);
        await Fixture.Writer.UpsertAsync(ContractData.Batch(ContractData.Proposal("P1", "C001") with { Terms = terms, DocumentHtml = "<p>doc</p>" }), Ct);

        var stored = (await Fixture.Proposals.ReadProposalAsync("P1", Ct))!.Terms!;

        Assert.Equal(terms with { ProrationLines = [] }, stored with { ProrationLines = [] });
        Assert.Equal<ProrationLine>(terms.ProrationLines, stored.ProrationLines);
    }

    [Fact]
    public async Task A_license_change_applies_once_per_proposal()
    {
        await SeedAsync(ContractAccount.Many(1));
        var before = (await Fixture.Accounts.ReadAccountsAsync(["C001"], Ct))[0].Subscriptions[0];
        var after = before with { Tier = "enterprise", Seats = before.Seats + 5, Mrr = before.Mrr * 2 };
        var change = new LicenseChange("P1", "C001", before, after, ContractData.Today, [new ProrationLine("Charge", 10m)], ContractData.Now);

        Assert.False(await Fixture.Licenses.WasAppliedAsync("P1", Ct));
        var first = await Fixture.Licenses.ApplyLicenseChangeAsync(change, Ct);
        Assert.True(await Fixture.Licenses.WasAppliedAsync("P1", Ct));
        var again = await Fixture.Licenses.ApplyLicenseChangeAsync(change with { After = after with { Seats = 999 } }, Ct);

        Assert.True(first);
        Assert.False(again);
        var now = (await Fixture.Accounts.ReadAccountsAsync(["C001"], Ct))[0].Subscriptions[0];
        Assert.Equal(("enterprise", before.Seats + 5, before.Mrr * 2), (now.Tier, now.Seats, now.Mrr));
    }
}
