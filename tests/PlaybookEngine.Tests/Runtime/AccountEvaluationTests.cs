using CrmSuite.PlaybookEngine.Playbooks;
using CrmSuite.PlaybookEngine.Runtime;
using CrmSuite.PlaybookEngine.Signals;

namespace CrmSuite.PlaybookEngine.Tests.Runtime;

/// <summary>
/// One account's evaluation across all the playbooks in force: what each play stores and writes, where an event goes,
/// what spends the shared contact budget, and which playbooks are in force at all.
/// </summary>
public sealed class AccountEvaluationTests
{
    private static string Play(string id, int priority, string body, int version = 1, string status = "approved", string category = "adoption", string extra = "") =>
        RuntimeFixture.Playbook(body, id: id, category: category, priority: priority, extra: extra)
            .Replace("version: 1", $"version: {version}", StringComparison.Ordinal)
            .Replace("status: approved", $"status: {status}", StringComparison.Ordinal);

    private const string CheckInBody = """
        ## Watching

        ### Transitions

        - when `active_users_30d >= 10` -> CheckIn

        ## CheckIn

        ### Tasks

        - Call the account
          - due: 3 days
          - purpose: help
          - outcomes: done

        ### Transitions

        - on outcome done -> Done

        ## Done (final)
        """;

    private static SignalVector Active() => RuntimeFixture.Signals((SignalOrdinals.ActiveUsers30d, 12));

    [Fact]
    public void An_event_moves_only_the_playbook_it_was_addressed_to()
    {
        var fixture = new RuntimeFixture();
        var first = RuntimeFixture.Compile(Play("first-play", 90, CheckInBody));
        var second = RuntimeFixture.Compile(Play("second-play", 10, CheckInBody));
        var runtime = new PlaybookRuntime([first, second]);
        var now = fixture.Clock.GetUtcNow();
        PlaybookInstance[] stored =
        [
            first.Start("acc-1", now) with { State = "CheckIn", Step = 1 },
            second.Start("acc-1", now) with { State = "CheckIn", Step = 1 },
        ];

        var result = runtime.FireEvent(stored, "second-play", PlaybookEvent.Outcome("done"), fixture.Context(Active()));

        var moved = Assert.Single(result.Changed);
        Assert.Equal(("second-play", "Done"), (moved.PlaybookId, moved.State));
        Assert.All(result.Effects, e => Assert.Equal("second-play", e.PlaybookId));
    }

    [Fact]
    public void Every_play_of_the_account_reports_its_own_changes_and_effects_in_one_evaluation()
    {
        var fixture = new RuntimeFixture();
        var starting = RuntimeFixture.Compile(Play("starting-play", 90, CheckInBody));
        var migrating = RuntimeFixture.Compile(Play("migrating-play", 50, CheckInBody, version: 2));
        var unplaced = RuntimeFixture.Compile(Play("unplaced-play", 10, CheckInBody, version: 2));
        var runtime = new PlaybookRuntime([starting, migrating, unplaced]);
        var now = fixture.Clock.GetUtcNow();
        PlaybookInstance[] stored =
        [
            migrating.Start("acc-1", now) with { Version = 1, State = "CheckIn", Step = 1 },
            unplaced.Start("acc-1", now) with { Version = 1, State = "Retired", Step = 1 },
        ];

        var result = runtime.EvaluateAccount(stored, fixture.Context(Active()));

        Assert.Equal(["migrating-play", "starting-play"], result.Changed.Select(i => i.PlaybookId).Order().ToArray());
        Assert.Equal(2, result.Changed.Single(i => i.PlaybookId == "migrating-play").Version);
        Assert.Contains(result.Effects, e => e is TaskEffect && e.PlaybookId == "starting-play");
        Assert.Contains(result.Effects, e => e is UnplacedEffect && e.PlaybookId == "unplaced-play");
        Assert.False(result.IsEmpty);
    }

    [Fact]
    public void An_evaluation_where_nothing_starts_moves_or_fires_is_empty()
    {
        var fixture = new RuntimeFixture();
        var playbook = RuntimeFixture.Compile(Play("idle-play", 10, CheckInBody));
        var runtime = new PlaybookRuntime([playbook]);

        var result = runtime.EvaluateAccount([playbook.Start("acc-1", fixture.Clock.GetUtcNow())], fixture.Context(RuntimeFixture.Signals()));

        Assert.True(result.IsEmpty);
        Assert.False(new AccountEvaluation([playbook.Start("acc-1", fixture.Clock.GetUtcNow())], []).IsEmpty);
    }

    [Fact]
    public void An_upgrade_task_is_held_back_by_the_contact_budget_but_does_not_spend_it()
    {
        var fixture = new RuntimeFixture();
        var taskPlay = RuntimeFixture.Compile(Play("task-play", 90, """
            ## Watching

            ### Transitions

            - when `seat_utilization >= 90%` -> Ask

            ## Ask

            ### Tasks

            - Ask whether the next tier matters
              - due: 3 days
              - purpose: upgrade
              - outcomes: done

            ### Transitions

            - on outcome done -> Watching
            """));
        var proposalPlay = RuntimeFixture.Compile(Play("proposal-play", 10, """
            ## Watching

            ### Transitions

            - when `seat_utilization >= 90%` -> Proposal

            ## Proposal

            ### Proposals

            - next-tier

            ### Transitions

            - on proposal declined -> Watching
            """, category: "upgrade", extra: """
            guardrails:
              max_upgrade_prompts_per_30_days: 1
            """));
        var runtime = new PlaybookRuntime([taskPlay, proposalPlay]);

        var result = runtime.EvaluateAccount([], fixture.Context(RuntimeFixture.Signals((SignalOrdinals.SeatUtilization, 0.95))));

        Assert.Single(result.Effects.OfType<TaskEffect>());
        Assert.Equal("proposal-play", Assert.Single(result.Effects.OfType<ProposalEffect>()).PlaybookId);
        Assert.Empty(result.Effects.OfType<SuppressedEffect>());
    }

    [Fact]
    public void Only_approved_playbooks_are_in_force_and_drafts_only_when_asked_for()
    {
        var library = PlaybookLibrary.Load(
            [
                new SourceFile("approved.md", Play("approved-play", 10, CheckInBody)),
                new SourceFile("draft.md", Play("draft-play", 10, CheckInBody, status: "draft")),
                new SourceFile("retired.md", Play("retired-play", 10, CheckInBody, status: "retired")),
            ],
            SignalCatalog.Default, offers: null);

        var published = PlaybookRuntime.FromLibrary(library, SignalCatalog.Default);
        var withDrafts = PlaybookRuntime.FromLibrary(library, SignalCatalog.Default, includeDrafts: true);

        Assert.Equal(["approved-play"], published.Playbooks.Select(p => p.Id).ToArray());
        Assert.Equal(["approved-play", "draft-play"], withDrafts.Playbooks.Select(p => p.Id).ToArray());
        Assert.Equal("approved-play", published.Find("approved-play")?.Id);
        Assert.Null(published.Find("draft-play"));
        Assert.Null(withDrafts.Find("retired-play"));
    }

    [Fact]
    public void An_answer_counts_for_the_current_visit_only_and_one_for_a_playbook_or_state_not_in_force_is_left_to_the_evaluation()
    {
        var fixture = new RuntimeFixture();
        var playbook = RuntimeFixture.Compile(Play("check-play", 10, CheckInBody));
        var runtime = new PlaybookRuntime([playbook]);
        var context = fixture.Context(Active());
        var visit = playbook.Evaluate(playbook.Start("acc-1", fixture.Clock.GetUtcNow()), context);
        var task = Assert.Single(visit.Effects.OfType<TaskEffect>());
        var current = PlaybookEvent.Outcome("done") with { Key = task.Key };
        var stale = PlaybookEvent.Outcome("done") with { Key = IdempotencyKey.For("acc-1", "check-play", visit.Instance.Step - 1, "task", 0) };

        Assert.True(runtime.AnswersCurrentVisit(visit.Instance, current));
        Assert.False(runtime.AnswersCurrentVisit(visit.Instance, stale));
        Assert.True(runtime.AnswersCurrentVisit(visit.Instance with { PlaybookId = "unknown-play" }, stale));
        Assert.True(runtime.AnswersCurrentVisit(visit.Instance with { State = "Gone" }, stale));
    }

    [Fact]
    public void The_public_entry_points_refuse_a_missing_argument_at_once()
    {
        var fixture = new RuntimeFixture();
        var playbook = RuntimeFixture.Compile(Play("check-play", 10, CheckInBody));
        var runtime = new PlaybookRuntime([playbook]);
        var instance = playbook.Start("acc-1", fixture.Clock.GetUtcNow());
        var keyless = PlaybookEvent.Outcome("done");

        Assert.Throws<ArgumentNullException>(() => new EvaluationContext(RuntimeFixture.Account, RuntimeFixture.Signals(), ContactHistory.None, fixture.Clock.GetUtcNow(), null!));
        Assert.Throws<ArgumentNullException>(() => playbook.AnswersCurrentVisit(null!, keyless));
        Assert.Throws<ArgumentNullException>(() => playbook.AnswersCurrentVisit(instance, null!));
        Assert.Throws<ArgumentNullException>(() => runtime.AnswersCurrentVisit(null!, keyless));
    }

    [Fact]
    public void An_account_the_filter_excludes_never_starts_the_playbook_and_the_others_still_run()
    {
        var fixture = new RuntimeFixture();
        var enterpriseOnly = RuntimeFixture.Compile(Play("enterprise-play", 90, CheckInBody, extra: """
            applies_to:
              tier: [enterprise]
            """));
        var everyone = RuntimeFixture.Compile(Play("everyone-play", 10, CheckInBody));
        var runtime = new PlaybookRuntime([enterpriseOnly, everyone]);
        var signals = Active();
        signals[SignalOrdinals.Tier] = SignalCatalog.Tiers.IndexOf("starter");

        var result = runtime.EvaluateAccount([], fixture.Context(signals));

        Assert.Equal(["everyone-play"], result.Changed.Select(i => i.PlaybookId).ToArray());
        Assert.All(result.Effects, e => Assert.Equal("everyone-play", e.PlaybookId));
    }
}
