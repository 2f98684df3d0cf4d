using CrmSuite.PlaybookEngine.Runtime;
using CrmSuite.PlaybookEngine.Signals;

namespace CrmSuite.PlaybookEngine.Tests.Runtime;

/// <summary>Chains stop at 8 moves per sync, an event's own move included; an answer from an earlier visit is stale.</summary>
public sealed class EventChainTests
{
    // Ping and Pong pass the account to each other as long as the account has any active user: an endless chain.
    private static readonly string Loop = RuntimeFixture.Playbook("""
        ## Watching

        ### Tasks

        - Ask
          - due: 3 days
          - outcomes: go

        ### Transitions

        - on outcome go -> Ping
        - when `active_users_30d >= 1` -> Ping

        ## Ping

        ### Transitions

        - when `active_users_30d >= 1` -> Pong

        ## Pong

        ### Transitions

        - when `active_users_30d >= 1` -> Ping
        """);

    private static readonly string CheckIn = RuntimeFixture.Playbook("""
        ## Watching

        ### Transitions

        - when `active_users_30d >= 10` -> CheckIn

        ## CheckIn

        ### Tasks

        - Call about the team's plans
          - due: 3 days
          - outcomes: interested, no_need

        ### Proposals

        - next-tier
          - valid: 30 days

        ### Transitions

        - on outcome interested -> Interested
        - on outcome no_need -> Watching
        - on proposal accepted -> Interested
        - on proposal declined -> Watching

        ## Interested (final)
        """);

    private static SignalVector Users(double count) => RuntimeFixture.Signals((SignalOrdinals.ActiveUsers30d, count));

    [Fact]
    public void A_chain_of_moves_in_one_sync_stops_after_eight_moves_and_goes_on_at_the_next_sync()
    {
        var fixture = new RuntimeFixture();
        var playbook = RuntimeFixture.Compile(Loop);

        var first = playbook.Evaluate(playbook.Start("acc-1", fixture.Clock.GetUtcNow()), fixture.Context(Users(3)));
        var second = playbook.Evaluate(first.Instance, fixture.Context(Users(3)));

        Assert.Equal(8, first.Effects.OfType<TransitionEffect>().Count());
        Assert.Equal(8, first.Instance.Step);
        Assert.Equal(8, second.Effects.OfType<TransitionEffect>().Count());
    }

    [Fact]
    public void An_event_and_the_chain_it_starts_make_at_most_eight_moves_together()
    {
        var fixture = new RuntimeFixture();
        var playbook = RuntimeFixture.Compile(Loop);
        var waiting = playbook.Start("acc-1", fixture.Clock.GetUtcNow());

        var fired = playbook.Fire(waiting, PlaybookEvent.Outcome("go"), fixture.Context(Users(3)));

        Assert.Equal(8, fired.Effects.OfType<TransitionEffect>().Count());
        Assert.Equal("on outcome go", fired.Effects.OfType<TransitionEffect>().First().Reason.Trigger);
    }

    [Fact]
    public void A_chain_stops_in_the_first_state_where_nothing_fires()
    {
        var fixture = new RuntimeFixture();
        var playbook = RuntimeFixture.Compile(Loop);

        var fired = playbook.Fire(playbook.Start("acc-1", fixture.Clock.GetUtcNow()), PlaybookEvent.Outcome("go"), fixture.Context(Users(0)));

        Assert.Equal("Ping", fired.Instance.State);
        Assert.Single(fired.Effects.OfType<TransitionEffect>());
    }

    [Fact]
    public void A_task_outcome_from_an_earlier_visit_to_the_same_state_is_not_applied()
    {
        var fixture = new RuntimeFixture();
        var playbook = RuntimeFixture.Compile(CheckIn);
        var firstVisit = playbook.Evaluate(playbook.Start("acc-1", fixture.Clock.GetUtcNow()), fixture.Context(Users(12)));
        var oldTask = Assert.Single(firstVisit.Effects.OfType<TaskEffect>()).Key;
        var back = playbook.Fire(firstVisit.Instance, PlaybookEvent.Outcome("no_need") with { Key = oldTask }, fixture.Context(Users(2)));
        var secondVisit = playbook.Evaluate(back.Instance, fixture.Context(Users(12)));
        Assert.Equal("CheckIn", secondVisit.Instance.State);
        var newTask = Assert.Single(secondVisit.Effects.OfType<TaskEffect>()).Key;

        var stale = playbook.Fire(secondVisit.Instance, PlaybookEvent.Outcome("interested") with { Key = oldTask }, fixture.Context(Users(12)));
        var current = playbook.Fire(secondVisit.Instance, PlaybookEvent.Outcome("interested") with { Key = newTask }, fixture.Context(Users(12)));

        Assert.False(stale.Changed);
        Assert.False(playbook.AnswersCurrentVisit(secondVisit.Instance, PlaybookEvent.Outcome("interested") with { Key = oldTask }));
        Assert.Equal("Interested", current.Instance.State);
    }

    [Fact]
    public void A_proposal_answer_from_an_earlier_visit_to_the_same_state_is_not_applied()
    {
        var fixture = new RuntimeFixture();
        var playbook = RuntimeFixture.Compile(CheckIn);
        var firstVisit = playbook.Evaluate(playbook.Start("acc-1", fixture.Clock.GetUtcNow()), fixture.Context(Users(12)));
        var oldProposal = Assert.Single(firstVisit.Effects.OfType<ProposalEffect>()).Key;
        var back = playbook.Fire(firstVisit.Instance, new PlaybookEvent(PlaybookEventKind.ProposalDeclined) { Key = oldProposal }, fixture.Context(Users(2)));
        var secondVisit = playbook.Evaluate(back.Instance, fixture.Context(Users(12)));

        var stale = playbook.Fire(secondVisit.Instance, new PlaybookEvent(PlaybookEventKind.ProposalAccepted) { Key = oldProposal }, fixture.Context(Users(12)));

        Assert.Equal("CheckIn", secondVisit.Instance.State);
        Assert.False(stale.Changed);
    }

    [Fact]
    public void An_answer_that_names_no_task_or_proposal_applies_to_the_current_visit()
    {
        var fixture = new RuntimeFixture();
        var playbook = RuntimeFixture.Compile(CheckIn);
        var visit = playbook.Evaluate(playbook.Start("acc-1", fixture.Clock.GetUtcNow()), fixture.Context(Users(12)));

        var fired = playbook.Fire(visit.Instance, PlaybookEvent.Outcome("interested"), fixture.Context(Users(12)));

        Assert.Equal("Interested", fired.Instance.State);
    }

    [Fact]
    public void An_event_moves_only_its_own_playbook_and_leaves_the_others_for_the_next_sync()
    {
        var fixture = new RuntimeFixture();
        var checkIn = RuntimeFixture.Compile(CheckIn);
        var other = RuntimeFixture.Compile(RuntimeFixture.Playbook("""
            ## Watching

            ### Transitions

            - when `active_users_30d >= 1` -> Seen

            ## Seen (final)
            """, id: "other-play"));
        var runtime = new PlaybookRuntime([checkIn, other]);
        var inCheckIn = checkIn.Evaluate(checkIn.Start("acc-1", fixture.Clock.GetUtcNow()), fixture.Context(Users(12))).Instance;
        var waiting = other.Start("acc-1", fixture.Clock.GetUtcNow());

        var result = runtime.FireEvent([inCheckIn, waiting], "test-play", PlaybookEvent.Outcome("interested"), fixture.Context(Users(12)));

        Assert.Equal("Interested", Assert.Single(result.Changed).State);
        Assert.All(result.Effects, e => Assert.Equal("test-play", e.PlaybookId));
    }

    [Fact]
    public void An_event_into_a_refused_prompt_is_reported_as_suppressed_and_the_account_stays()
    {
        var fixture = new RuntimeFixture();
        var playbook = RuntimeFixture.Compile(RuntimeFixture.Playbook("""
            ## Watching

            ### Tasks

            - Ask
              - due: 3 days
              - purpose: help
              - outcomes: interested

            ### Transitions

            - on outcome interested -> Proposal

            ## Proposal

            ### Proposals

            - next-tier

            ### Transitions

            - on proposal declined -> Watching
            """, category: "upgrade", extra: """
            guardrails:
              exclude_churn_risk: true
            """));
        var atRisk = Users(12);
        atRisk[SignalOrdinals.ChurnRisk] = 1;

        var result = new PlaybookRuntime([playbook]).FireEvent([playbook.Start("acc-1", fixture.Clock.GetUtcNow())], "test-play",
            PlaybookEvent.Outcome("interested"), fixture.Context(atRisk));

        var refused = Assert.Single(result.Effects.OfType<SuppressedEffect>());
        Assert.Equal(("Watching", "Proposal"), (refused.From, refused.To));
        Assert.All(result.Changed, i => Assert.Equal("Watching", i.State));
    }
}
