using System.Security.Cryptography;
using System.Text;
using CrmSuite.PlaybookEngine.Runtime;
using CrmSuite.PlaybookEngine.Signals;

namespace CrmSuite.PlaybookEngine.Tests.Runtime;

/// <summary>
/// What entering a state writes (docs/playbook-format.md: tasks, due dates, proposals, edges; docs/data.md: keys), at the
/// cases the other runtime tests leave open.
/// </summary>
public sealed class EffectRulesTests
{
    private static readonly TimeZoneInfo LosAngeles = TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles");

    // docs/data.md, "Keys": the recipe written out independently of the engine's code.
    private static string DocumentedKey(string account, string playbook, int step, string kind, int index)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{account}\u001f{playbook}\u001f{step}\u001f{kind}\u001f{index}"));
        var bits = string.Concat(hash.Take(10).Select(b => Convert.ToString(b, 2).PadLeft(8, '0')));
        var base32 = string.Concat(Enumerable.Range(0, bits.Length / 5).Select(i => "abcdefghijklmnopqrstuvwxyz234567"[Convert.ToInt32(bits.Substring(i * 5, 5), 2)]));
        return $"{playbook}-{step}-{kind}{index}-{base32}";
    }

    private static readonly string Offer = RuntimeFixture.Playbook("""
        ## Watching

        ### Transitions

        - when `seat_utilization >= 90%` -> Offer

        ## Offer

        ### Tasks

        - Walk them through the proposal
          - due: 3 days
          - outcomes: done

        ### Proposals

        - next-tier
          - valid: 14 days

        ### Transitions

        - on proposal declined -> Watching
        - on proposal accepted -> Won
        - on proposal expired -> Lapsed

        ## Won (final)

        ## Lapsed (final)
        """, id: "offer-play", category: "upgrade", extra: """
        guardrails:
          exclude_churn_risk: true
        """);

    [Fact]
    public void Keys_follow_the_documented_recipe_so_a_task_opened_before_an_upgrade_is_still_recognised_after_it()
    {
        var fixture = new RuntimeFixture();
        var playbook = RuntimeFixture.Compile(Offer);
        var signals = RuntimeFixture.Signals((SignalOrdinals.SeatUtilization, 0.95));
        var start = playbook.Start("acc-1", fixture.Clock.GetUtcNow());

        var entered = playbook.Evaluate(start, fixture.Context(signals));
        signals[SignalOrdinals.ChurnRisk] = 1;
        var refused = playbook.Evaluate(start, fixture.Context(signals));

        Assert.Equal(
            [DocumentedKey("acc-1", "offer-play", 1, "t", 0), DocumentedKey("acc-1", "offer-play", 1, "task", 0), DocumentedKey("acc-1", "offer-play", 1, "proposal", 0)],
            entered.Effects.Select(e => e.Key).ToArray());
        Assert.Equal(DocumentedKey("acc-1", "offer-play", 0, "suppressed", 0), Assert.Single(refused.Effects).Key);
        Assert.Equal("offer-play-1-task0-", DocumentedKey("acc-1", "offer-play", 1, "task", 0)[..19]);
        Assert.Equal(16, DocumentedKey("acc-1", "offer-play", 1, "task", 0).Length - 19);
    }

    [Fact]
    public void A_proposal_is_valid_for_the_days_its_line_gives()
    {
        var fixture = new RuntimeFixture();
        var playbook = RuntimeFixture.Compile(Offer);
        var context = fixture.Context(RuntimeFixture.Signals((SignalOrdinals.SeatUtilization, 0.95)));

        var proposal = Assert.Single(playbook.Evaluate(playbook.Start("acc-1", fixture.Clock.GetUtcNow()), context).Effects.OfType<ProposalEffect>());

        Assert.Equal((context.Today.AddDays(14), (int?)14), (proposal.ExpiresOn, proposal.ValidDays));
    }

    [Fact]
    public void A_line_that_leads_back_to_its_own_state_fires_once_while_its_condition_stays_true()
    {
        var fixture = new RuntimeFixture();
        var playbook = RuntimeFixture.Compile(RuntimeFixture.Playbook("""
            ## Watching

            ### Transitions

            - when `health < 10` -> Done
            - when `seat_utilization >= 90%` -> Watching

            ## Done (final)
            """));
        var signals = RuntimeFixture.Signals((SignalOrdinals.SeatUtilization, 0.95), (SignalOrdinals.Health, 50));

        var first = playbook.Evaluate(playbook.Start("acc-1", fixture.Clock.GetUtcNow()), fixture.Context(signals));
        fixture.AdvanceDays(1);
        var second = playbook.Evaluate(first.Instance, fixture.Context(signals));

        Assert.Single(first.Effects.OfType<TransitionEffect>());
        Assert.Empty(second.Effects);
        Assert.Equal(1, second.Instance.Step);
    }

    [Fact]
    public void A_timeout_back_to_a_state_spends_every_line_that_leads_straight_back_whatever_its_place()
    {
        var fixture = new RuntimeFixture();
        var playbook = RuntimeFixture.Compile(RuntimeFixture.Playbook("""
            ## Watching

            ### Transitions

            - when `health < 10` -> Done
            - when `seat_utilization >= 90%` for 2 days -> CheckIn
            - when `active_users_30d >= 10` for 2 days -> CheckIn
            - when `nps >= 9` -> CheckIn

            ## CheckIn

            ### Tasks

            - Call
              - due: 3 days
              - outcomes: done

            ### Transitions

            - after 21 days -> Watching

            ## Done (final)
            """));
        var signals = RuntimeFixture.Signals(
            (SignalOrdinals.SeatUtilization, 0.95), (SignalOrdinals.ActiveUsers30d, 12), (SignalOrdinals.Nps, 10), (SignalOrdinals.Health, 50));
        var inCheckIn = playbook.Start("acc-1", fixture.Clock.GetUtcNow()) with { State = "CheckIn", Step = 1 };

        fixture.AdvanceDays(21);
        var back = playbook.Evaluate(inCheckIn, fixture.Context(signals));
        var instance = back.Instance;
        for (var day = 1; day <= 4; day++)
        {
            fixture.AdvanceDays(1);
            var next = playbook.Evaluate(instance, fixture.Context(signals));
            Assert.Empty(next.Effects);
            instance = next.Instance;
        }

        Assert.Equal("Watching", back.Instance.State);
        Assert.Single(back.Effects.OfType<TransitionEffect>());
        Assert.Equal("Watching", instance.State);
    }

    private static DateOnly DueIn(string transitions, string deadline, params (int Ordinal, double Value)[] signals)
    {
        var fixture = new RuntimeFixture();
        var playbook = RuntimeFixture.Compile(RuntimeFixture.Playbook($"""
            ## Watching

            ### Transitions

            - when `active_users_30d >= 10` -> Work

            ## Work

            ### Tasks

            - Do the work
              - due: 60 days
              {deadline}
              - outcomes: done

            ### Transitions

            - on outcome done -> Done
            {transitions}

            ## Done (final)
            """));
        var context = fixture.Context(RuntimeFixture.Signals([(SignalOrdinals.ActiveUsers30d, 12), .. signals]));
        var due = Assert.Single(playbook.Evaluate(playbook.Start("acc-1", fixture.Clock.GetUtcNow()), context).Effects.OfType<TaskEffect>()).Due;
        return due;
    }

    [Fact]
    public void With_several_before_renewal_lines_a_task_is_due_by_the_earliest_day_one_of_them_fires()
    {
        var today = new RuntimeFixture().Context(RuntimeFixture.Signals()).Today;

        var due = DueIn("- 120 days before renewal -> Done\n- 30 days before renewal -> Done", "", (SignalOrdinals.DaysToRenewal, 150));

        Assert.Equal(today.AddDays(30), due);
    }

    [Fact]
    public void A_running_trial_limits_only_the_tasks_that_prepare_its_end()
    {
        var today = new RuntimeFixture().Context(RuntimeFixture.Signals()).Today;
        (int, double)[] trial = [(SignalOrdinals.InTrial, 1), (SignalOrdinals.TrialDaysLeft, 5)];

        Assert.Equal(today.AddDays(60), DueIn("", "", trial));
        Assert.Equal(today.AddDays(5), DueIn("", "- deadline: trial end", trial));
        Assert.Equal(today.AddDays(5), DueIn("- at trial end -> Done", "", trial));
    }

    [Fact]
    public void Every_play_of_one_sync_counts_today_in_the_configured_time_zone()
    {
        var proposing = RuntimeFixture.Compile(RuntimeFixture.Playbook("""
            ## Watching

            ### Transitions

            - when `seat_utilization >= 90%` -> Proposal

            ## Proposal

            ### Proposals

            - next-tier

            ### Transitions

            - on proposal declined -> Watching
            """, id: "proposing-play", category: "upgrade", priority: 90));
        var calling = RuntimeFixture.Compile(RuntimeFixture.Playbook("""
            ## Watching

            ### Transitions

            - when `seat_utilization >= 90%` -> CheckIn

            ## CheckIn

            ### Tasks

            - Call
              - due: 3 days
              - purpose: help
              - outcomes: done

            ### Transitions

            - on outcome done -> Watching
            """, id: "calling-play", priority: 10));
        // 19:00 in Los Angeles on 23 November is already 24 November in UTC.
        var now = new DateTimeOffset(2026, 11, 24, 3, 0, 0, TimeSpan.Zero);
        var context = new EvaluationContext(RuntimeFixture.Account, RuntimeFixture.Signals((SignalOrdinals.SeatUtilization, 0.95)), ContactHistory.None, now, LosAngeles);

        var result = new PlaybookRuntime([proposing, calling]).EvaluateAccount([], context);

        Assert.Equal(new DateOnly(2026, 11, 23).AddDays(30), Assert.Single(result.Effects.OfType<ProposalEffect>()).ExpiresOn);
        Assert.Equal(new DateOnly(2026, 11, 26), Assert.Single(result.Effects.OfType<TaskEffect>()).Due);
    }

    [Fact]
    public void Each_answer_to_a_proposal_fires_its_own_line_and_only_with_the_key_of_the_proposal_the_visit_issued()
    {
        var fixture = new RuntimeFixture();
        var playbook = RuntimeFixture.Compile(Offer);
        var context = fixture.Context(RuntimeFixture.Signals((SignalOrdinals.SeatUtilization, 0.95)));
        var offered = playbook.Evaluate(playbook.Start("acc-1", fixture.Clock.GetUtcNow()), context);
        var proposalKey = Assert.Single(offered.Effects.OfType<ProposalEffect>()).Key;
        var taskKey = Assert.Single(offered.Effects.OfType<TaskEffect>()).Key;
        var quiet = fixture.Context(RuntimeFixture.Signals((SignalOrdinals.SeatUtilization, 0.5)));
        string StateAfter(PlaybookEventKind kind, string? key) => playbook.Fire(offered.Instance, new PlaybookEvent(kind) { Key = key }, quiet).Instance.State;

        Assert.Equal("Won", StateAfter(PlaybookEventKind.ProposalAccepted, proposalKey));
        Assert.Equal("Lapsed", StateAfter(PlaybookEventKind.ProposalExpired, proposalKey));
        Assert.Equal("Watching", StateAfter(PlaybookEventKind.ProposalDeclined, null));
        Assert.Equal("Offer", StateAfter(PlaybookEventKind.ProposalAccepted, taskKey));
        Assert.False(playbook.AnswersCurrentVisit(offered.Instance, PlaybookEvent.Outcome("done") with { Key = IdempotencyKey.For("acc-1", "offer-play", 1, "task", 1) }));
        Assert.True(playbook.AnswersCurrentVisit(offered.Instance, PlaybookEvent.Outcome("done") with { Key = taskKey }));
    }
}
