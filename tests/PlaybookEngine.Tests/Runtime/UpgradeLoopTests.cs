using CrmSuite.PlaybookEngine.Playbooks;
using CrmSuite.PlaybookEngine.Runtime;
using CrmSuite.PlaybookEngine.Signals;
using CrmSuite.PlaybookEngine.Tests.Support;

namespace CrmSuite.PlaybookEngine.Tests.Runtime;

/// <summary>The rules of the upgrade loop: guardrails limit prompts, never help; preemption; due dates; re-entry.</summary>
public sealed class UpgradeLoopTests
{
    private const string TrialGuardrails = """
        guardrails:
          max_upgrade_prompts_per_30_days: 1
          quiet_days_after_decline: 90
          exclude_churn_risk: true
        """;

    private static readonly string Trial = RuntimeFixture.Playbook("""
        ## Watching

        ### Transitions

        - when `in_trial` -> EarlyWin

        ## EarlyWin

        ### Tasks

        - Early-win check-in
          - due: 2 days
          - purpose: help
          - outcomes: win_reached, stuck

        ### Transitions

        - on outcome stuck -> Unblock
        - on outcome win_reached -> Interest

        ## Unblock

        ### Tasks

        - Unblock the trial
          - due: 2 days
          - purpose: help
          - outcomes: unblocked

        ### Transitions

        - at trial end -> Decision
        - on outcome unblocked -> Decision

        ## Interest

        ### Tasks

        - Ask whether the next tier matters to them
          - due: 7 days
          - purpose: upgrade
          - outcomes: done

        ### Transitions

        - on outcome done -> Decision

        ## Decision

        ### Tasks

        - Trial decision
          - due: 5 days
          - outcomes: done

        ### Transitions

        - on outcome done -> Watching
        """, id: "trial-play", category: "trial", extra: TrialGuardrails);

    private static SignalVector InTrial(int daysLeft = 10, bool churnRisk = false)
    {
        var signals = RuntimeFixture.Signals((SignalOrdinals.InTrial, 1), (SignalOrdinals.TrialDaysLeft, daysLeft), (SignalOrdinals.DaysToRenewal, 200));
        signals[SignalOrdinals.ChurnRisk] = churnRisk ? 1 : 0;
        return signals;
    }

    [Fact]
    public void A_decline_elsewhere_never_refuses_a_help_step()
    {
        var fixture = new RuntimeFixture();
        var playbook = RuntimeFixture.Compile(Trial);
        var declinedYesterday = new ContactHistory([], fixture.Context(InTrial()).Today.AddDays(-1));
        var earlyWin = playbook.Evaluate(playbook.Start("acc-1", fixture.Clock.GetUtcNow()), fixture.Context(InTrial(), declinedYesterday));

        var stuck = playbook.Fire(earlyWin.Instance, new PlaybookEvent(PlaybookEventKind.TaskOutcome, "stuck"), fixture.Context(InTrial(), declinedYesterday));
        var trialEnd = playbook.Evaluate(stuck.Instance, fixture.Context(InTrial(daysLeft: 0), declinedYesterday));

        Assert.Equal("EarlyWin", earlyWin.Instance.State);
        Assert.Equal("Unblock", stuck.Instance.State);
        Assert.Empty(stuck.Effects.OfType<SuppressedEffect>());
        Assert.Equal("Unblock the trial", Assert.Single(stuck.Effects.OfType<TaskEffect>()).Subject);
        Assert.Equal("Decision", trialEnd.Instance.State);
        Assert.Single(trialEnd.Effects.OfType<TaskEffect>());
    }

    [Fact]
    public void A_task_whose_purpose_is_upgrade_waits_out_the_quiet_period_after_a_decline()
    {
        var fixture = new RuntimeFixture();
        var playbook = RuntimeFixture.Compile(Trial);
        var declinedYesterday = new ContactHistory([], fixture.Context(InTrial()).Today.AddDays(-1));
        var earlyWin = playbook.Evaluate(playbook.Start("acc-1", fixture.Clock.GetUtcNow()), fixture.Context(InTrial(), declinedYesterday));

        var win = playbook.Fire(earlyWin.Instance, new PlaybookEvent(PlaybookEventKind.TaskOutcome, "win_reached"), fixture.Context(InTrial(), declinedYesterday));

        Assert.Equal("EarlyWin", win.Instance.State);
        Assert.Equal(GuardrailKind.QuietPeriod, Assert.IsType<SuppressedEffect>(Assert.Single(win.Effects)).Guardrail.Kind);
    }

    [Fact]
    public void A_help_step_is_never_refused_by_churn_risk_a_spent_budget_or_preemption()
    {
        var fixture = new RuntimeFixture();
        var trial = RuntimeFixture.Compile(Trial);
        var rescue = RuntimeFixture.Compile(Rescue(priority: 100));
        var runtime = new PlaybookRuntime([trial, rescue]);
        var today = fixture.Context(InTrial()).Today;
        var spent = new ContactHistory([today.AddDays(-3)], null);
        var engagedRescue = rescue.Start("acc-1", fixture.Clock.GetUtcNow()) with { State = "Rescue", Step = 1 };
        var atStart = trial.Start("acc-1", fixture.Clock.GetUtcNow());

        var result = runtime.EvaluateAccount([atStart, engagedRescue], fixture.Context(InTrial(churnRisk: true), spent));

        Assert.Empty(result.Effects.OfType<SuppressedEffect>());
        Assert.Contains(result.Effects.OfType<TaskEffect>(), t => t.State == "EarlyWin");
    }

    private static string Rescue(int priority, string id = "rescue-play", string preempts = "[upgrade, trial]") => RuntimeFixture.Playbook("""
        ## Watching

        ### Transitions

        - when `health < 40` -> Rescue

        ## Rescue

        ### Transitions

        - when `health >= 70` -> Watching
        """, id: id, category: "rescue", priority: priority, extra: $"preempts: {preempts}");

    private static readonly string UpgradePlay = RuntimeFixture.Playbook("""
        ## Watching

        ### Transitions

        - when `seat_utilization >= 90%` -> Proposal

        ## Proposal

        ### Proposals

        - next-tier

        ### Transitions

        - on proposal declined -> Watching

        """, id: "upgrade-play", category: "upgrade", priority: 50);

    private static SignalVector HighUsage(double health = 80)
    {
        var signals = RuntimeFixture.Signals((SignalOrdinals.SeatUtilization, 0.95));
        signals[SignalOrdinals.Health] = health;
        return signals;
    }

    [Fact]
    public void Every_engaged_preemptor_pauses_upgrade_prompts_whatever_its_priority()
    {
        var fixture = new RuntimeFixture();
        var upgrade = RuntimeFixture.Compile(UpgradePlay);
        var trialOnly = RuntimeFixture.Compile(Rescue(priority: 90, id: "first-rescue", preempts: "[trial]"));
        var lowRescue = RuntimeFixture.Compile(Rescue(priority: 5, id: "low-rescue", preempts: "[upgrade]"));
        var runtime = new PlaybookRuntime([upgrade, trialOnly, lowRescue]);
        var now = fixture.Clock.GetUtcNow();
        PlaybookInstance[] instances =
        [
            trialOnly.Start("acc-1", now) with { State = "Rescue", Step = 1 },
            lowRescue.Start("acc-1", now) with { State = "Rescue", Step = 1 },
        ];

        // Health 50: neither rescue leaves Rescue, and both stay engaged.
        var result = runtime.EvaluateAccount(instances, fixture.Context(HighUsage(health: 50)));

        var suppressed = Assert.Single(result.Effects.OfType<SuppressedEffect>());
        Assert.Equal("upgrade-play", suppressed.PlaybookId);
        Assert.Equal(GuardrailKind.Preempted, suppressed.Guardrail.Kind);
        Assert.Contains("low-rescue", suppressed.Guardrail.Detail, StringComparison.Ordinal);
        Assert.Empty(result.Effects.OfType<ProposalEffect>());
    }

    [Fact]
    public void A_lower_priority_preemptor_engaging_in_the_same_sync_pauses_a_higher_priority_prompt()
    {
        var fixture = new RuntimeFixture();
        var upgrade = RuntimeFixture.Compile(UpgradePlay);
        var lowRescue = RuntimeFixture.Compile(Rescue(priority: 5, id: "low-rescue", preempts: "[upgrade]"));
        var runtime = new PlaybookRuntime([upgrade, lowRescue]);

        var result = runtime.EvaluateAccount([], fixture.Context(HighUsage(health: 30)));

        Assert.Contains(result.Effects.OfType<TransitionEffect>(), t => t.PlaybookId == "low-rescue" && t.To == "Rescue");
        Assert.Empty(result.Effects.OfType<ProposalEffect>());
        Assert.Equal("upgrade-play", Assert.Single(result.Effects.OfType<SuppressedEffect>()).PlaybookId);
        Assert.Equal("Watching", result.Changed.Single(i => i.PlaybookId == "upgrade-play").State);
    }

    [Fact]
    public void Two_engaged_preemptors_are_both_named_in_the_refusal()
    {
        var fixture = new RuntimeFixture();
        var upgrade = RuntimeFixture.Compile(UpgradePlay);
        var high = RuntimeFixture.Compile(Rescue(priority: 90, id: "high-rescue", preempts: "[upgrade]"));
        var low = RuntimeFixture.Compile(Rescue(priority: 5, id: "low-rescue", preempts: "[upgrade]"));
        var runtime = new PlaybookRuntime([upgrade, high, low]);
        var now = fixture.Clock.GetUtcNow();

        var result = runtime.EvaluateAccount(
            [high.Start("acc-1", now) with { State = "Rescue", Step = 1 }, low.Start("acc-1", now) with { State = "Rescue", Step = 1 }],
            fixture.Context(HighUsage(health: 50)));

        var detail = Assert.Single(result.Effects.OfType<SuppressedEffect>()).Guardrail.Detail;
        Assert.Contains("high-rescue", detail, StringComparison.Ordinal);
        Assert.Contains("low-rescue", detail, StringComparison.Ordinal);
    }

    private static readonly string Renewal = RuntimeFixture.Playbook("""
        ## Watching

        ### Transitions

        - 120 days before renewal -> Review

        ## Review

        ### Tasks

        - Prepare the renewal packet
          - due: 14 days
          - deadline: renewal
          - outcomes: done

        - Unrelated follow-up
          - due: 14 days
          - outcomes: done

        ### Transitions

        - on outcome done -> Watching
        """, id: "renewal-play", category: "renewal");

    [Fact]
    public void A_task_is_never_due_after_the_renewal_it_prepares()
    {
        var fixture = new RuntimeFixture();
        var playbook = RuntimeFixture.Compile(Renewal);

        // Entered 8 days before the renewal (the account came into view late): 14 days would land after it.
        var result = playbook.Evaluate(playbook.Start("acc-1", fixture.Clock.GetUtcNow()), fixture.Context(RuntimeFixture.Signals((SignalOrdinals.DaysToRenewal, 8))));

        var today = fixture.Context(RuntimeFixture.Signals()).Today;
        var tasks = result.Effects.OfType<TaskEffect>().ToDictionary(t => t.Subject, t => t.Due);
        Assert.Equal(today.AddDays(8), tasks["Prepare the renewal packet"]);
        Assert.Equal(today.AddDays(14), tasks["Unrelated follow-up"]);
    }

    [Theory]
    [InlineData(100.0, 14)]
    [InlineData(0.0, 0)]
    [InlineData(-3.0, 0)]
    [InlineData(double.NaN, 14)]
    public void A_deadline_caps_the_due_date_never_before_today_and_an_unknown_date_sets_no_limit(double daysToRenewal, int dueInDays)
    {
        var fixture = new RuntimeFixture();
        var playbook = RuntimeFixture.Compile(Renewal);
        var review = playbook.States.Single(s => s.Name == "Review");
        var task = review.Definition.Tasks[0];
        var context = fixture.Context(RuntimeFixture.Signals((SignalOrdinals.DaysToRenewal, daysToRenewal)));

        Assert.Equal(context.Today.AddDays(dueInDays), CompiledPlaybook.DueDate(review, task, context));
    }

    [Fact]
    public void A_task_is_never_due_after_the_trial_end_or_renewal_point_its_state_waits_for()
    {
        var fixture = new RuntimeFixture();
        var playbook = RuntimeFixture.Compile(RuntimeFixture.Playbook("""
            ## Watching

            ### Transitions

            - when `in_trial` -> Kickoff

            ## Kickoff

            ### Tasks

            - Guided onboarding
              - due: 5 days
              - outcomes: done

            ### Transitions

            - at trial end -> Watching
            - 30 days before renewal -> Watching
            """));
        var signals = RuntimeFixture.Signals((SignalOrdinals.InTrial, 1), (SignalOrdinals.TrialDaysLeft, 3), (SignalOrdinals.DaysToRenewal, 90));
        var today = fixture.Context(signals).Today;

        var trialEndsFirst = playbook.Evaluate(playbook.Start("acc-1", fixture.Clock.GetUtcNow()), fixture.Context(signals));
        signals[SignalOrdinals.TrialDaysLeft] = 20;
        signals[SignalOrdinals.DaysToRenewal] = 32;
        var renewalPointFirst = playbook.Evaluate(playbook.Start("acc-1", fixture.Clock.GetUtcNow()), fixture.Context(signals));

        Assert.Equal(today.AddDays(3), Assert.Single(trialEndsFirst.Effects.OfType<TaskEffect>()).Due);
        Assert.Equal(today.AddDays(2), Assert.Single(renewalPointFirst.Effects.OfType<TaskEffect>()).Due);
    }

    private static readonly string LoopingCheckIn = RuntimeFixture.Playbook("""
        ## Watching

        ### Transitions

        - when `seat_utilization_min_28d >= 90%` -> CheckIn
        - when `seat_utilization >= 95%` for 21 days -> CheckIn

        ## CheckIn

        ### Tasks

        - Check in about seat growth
          - due: 5 days
          - purpose: upgrade
          - outcomes: not_now

        ### Transitions

        - on outcome not_now -> Cooling
        - after 21 days -> Watching

        ## Cooling

        ### Transitions

        - after 60 days -> Watching
        """, category: "upgrade");

    private static (int Tasks, PlaybookInstance Last) Replay(CompiledPlaybook playbook, RuntimeFixture fixture, PlaybookInstance instance, int days, Func<int, SignalVector> signalsOn)
    {
        var tasks = 0;
        for (var day = 0; day < days; day++)
        {
            var result = playbook.Evaluate(instance, fixture.Context(signalsOn(day)));
            tasks += result.Effects.OfType<TaskEffect>().Count();
            instance = result.Instance;
            fixture.AdvanceDays(1);
        }

        return (tasks, instance);
    }

    private static SignalVector Usage(double min28d, double daily) =>
        RuntimeFixture.Signals((SignalOrdinals.SeatUtilizationMin28d, min28d), (SignalOrdinals.SeatUtilization, daily));

    [Fact]
    public void A_timeout_back_to_a_state_does_not_refire_the_condition_that_left_it_until_it_was_false_once()
    {
        var fixture = new RuntimeFixture();
        var playbook = RuntimeFixture.Compile(LoopingCheckIn);
        var start = playbook.Start("acc-1", fixture.Clock.GetUtcNow());

        // Unanswered for 126 days with both lines true all along: one check-in, not six.
        var (unanswered, back) = Replay(playbook, fixture, start, 126, _ => Usage(0.95, 0.97));
        // The need dips for a day, then returns: that is a new need, and it is asked about again.
        var (renewed, _) = Replay(playbook, fixture, back, 2, day => day == 0 ? Usage(0.5, 0.5) : Usage(0.95, 0.97));

        Assert.Equal(1, unanswered);
        Assert.Equal("Watching", back.State);
        Assert.Equal(1, renewed);
    }

    [Fact]
    public void A_timeout_into_a_state_rearms_lines_that_lead_elsewhere()
    {
        var fixture = new RuntimeFixture();
        var playbook = RuntimeFixture.Compile(LoopingCheckIn);
        var checkIn = playbook.Evaluate(playbook.Start("acc-1", fixture.Clock.GetUtcNow()), fixture.Context(Usage(0.95, 0.97)));
        var cooling = playbook.Fire(checkIn.Instance, new PlaybookEvent(PlaybookEventKind.TaskOutcome, "not_now"), fixture.Context(Usage(0.95, 0.97)));

        // "Not now" is an answer: after the quiet period the lasting need is asked about again.
        fixture.AdvanceDays(60);
        var after = playbook.Evaluate(cooling.Instance, fixture.Context(Usage(0.95, 0.97)));

        Assert.Equal("Cooling", cooling.Instance.State);
        Assert.Equal("CheckIn", after.Instance.State);
        Assert.Single(after.Effects.OfType<TaskEffect>());
    }

    [Fact]
    public void An_unanswered_check_in_escalates_once_then_stops()
    {
        var library = PlaybookLibrary.Load(Repository.ShippedPlaybooks().Where(f => f.Path.EndsWith("usage-upgrade.md", StringComparison.Ordinal)).ToList(),
            SignalCatalog.Default, offers: null);
        var playbook = CompiledPlaybook.Compile(library.Playbooks.Single(), SignalCatalog.Default);
        var fixture = new RuntimeFixture();
        var signals = Usage(0.91, 0.97);
        signals[SignalOrdinals.ActiveUsers30d] = 46;
        signals[SignalOrdinals.Tier] = SignalCatalog.Default["tier"].EnumValues.IndexOf("starter");
        signals[SignalOrdinals.LifecycleStage] = SignalCatalog.Default["lifecycle_stage"].EnumValues.IndexOf("adoption");
        var runtime = new PlaybookRuntime([playbook]);
        var instances = new List<PlaybookInstance>();
        var tasks = new List<TaskEffect>();

        for (var day = 0; day < 180; day++)
        {
            var result = runtime.EvaluateAccount(instances, fixture.Context(signals));
            tasks.AddRange(result.Effects.OfType<TaskEffect>());
            foreach (var changed in result.Changed)
            {
                instances.RemoveAll(i => i.PlaybookId == changed.PlaybookId);
                instances.Add(changed);
            }

            fixture.AdvanceDays(1);
        }

        Assert.Equal(["CheckIn", "FollowUp"], tasks.Select(t => t.State));
        Assert.True(tasks[1].Priority > tasks[0].Priority, "the escalation outranks the first check-in");
        Assert.Equal("Unanswered", Assert.Single(instances).State);
    }
}
