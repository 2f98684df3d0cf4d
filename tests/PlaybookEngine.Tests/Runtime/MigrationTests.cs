using CrmSuite.PlaybookEngine.Runtime;

namespace CrmSuite.PlaybookEngine.Tests.Runtime;

public sealed class MigrationTests
{
    private static string Version(int version, string states) => RuntimeFixture.Playbook(states).Replace("version: 1", $"version: {version}", StringComparison.Ordinal);

    private static readonly string V1 = Version(1, """
        ## Watching

        ### Transitions

        - after 5 days -> Nudge

        ## Nudge

        ### Transitions

        - after 5 days -> Done

        ## Done (final)
        """);

    private static readonly string V2 = Version(2, """
        ## Watching

        ### Transitions

        - after 3 days -> Done

        ## Done (final)
        """);

    [Fact]
    public void An_instance_moves_to_the_new_version_by_state_name()
    {
        var fixture = new RuntimeFixture();
        var v2 = RuntimeFixture.Compile(V2);
        var instance = RuntimeFixture.Compile(V1).Start("acc-1", fixture.Clock.GetUtcNow());

        var result = PlaybookMigration.Migrate(instance, v2);

        Assert.Equal(2, result.Instance!.Version);
        Assert.Equal("Watching", result.Instance.State);
    }

    [Fact]
    public void An_instance_in_a_state_the_new_version_dropped_is_reported_not_moved()
    {
        var fixture = new RuntimeFixture();
        var v1 = RuntimeFixture.Compile(V1);
        var inNudge = v1.Start("acc-1", fixture.Clock.GetUtcNow()) with { State = "Nudge" };

        var result = PlaybookMigration.Migrate(inNudge, RuntimeFixture.Compile(V2));

        Assert.Null(result.Instance);
        Assert.Contains("`Nudge`", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void An_instance_never_migrates_to_another_playbook()
    {
        var fixture = new RuntimeFixture();
        var instance = RuntimeFixture.Compile(V1).Start("acc-1", fixture.Clock.GetUtcNow()) with { PlaybookId = "other-play" };

        var refused = Assert.Throws<ArgumentException>(() => PlaybookMigration.Migrate(instance, RuntimeFixture.Compile(V2)));

        Assert.Contains("`other-play` cannot migrate to `test-play`", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_runtime_migrates_an_old_instance_before_evaluating_it()
    {
        var fixture = new RuntimeFixture();
        var old = RuntimeFixture.Compile(V1).Start("acc-1", fixture.Clock.GetUtcNow());
        var runtime = new PlaybookRuntime([RuntimeFixture.Compile(V2)]);
        fixture.AdvanceDays(3);

        var result = runtime.EvaluateAccount([old], fixture.Context(RuntimeFixture.Signals()));

        var instance = Assert.Single(result.Changed);
        Assert.Equal(2, instance.Version);
        Assert.Equal("Done", instance.State);
    }

    [Fact]
    public void An_instance_in_a_state_the_new_version_dropped_is_reported_at_every_evaluation_and_left_on_its_version()
    {
        var fixture = new RuntimeFixture();
        var inNudge = RuntimeFixture.Compile(V1).Start("acc-1", fixture.Clock.GetUtcNow()) with { State = "Nudge", Step = 1 };
        var runtime = new PlaybookRuntime([RuntimeFixture.Compile(V2)]);

        var first = runtime.EvaluateAccount([inNudge], fixture.Context(RuntimeFixture.Signals()));
        fixture.AdvanceDays(1);
        var second = runtime.EvaluateAccount([inNudge], fixture.Context(RuntimeFixture.Signals()));

        Assert.Empty(first.Changed);
        var unplaced = Assert.Single(first.Effects.OfType<UnplacedEffect>());
        Assert.Equal(("Nudge", 1, 2), (unplaced.State, unplaced.PlaybookVersion, unplaced.TargetVersion));
        Assert.Contains("`Nudge`", unplaced.Problem, StringComparison.Ordinal);
        Assert.Contains("stays there on v1", unplaced.Problem, StringComparison.Ordinal);
        Assert.Equal(("Nudge", "", "v2 published without state `Nudge`"), (unplaced.Reason.From, unplaced.Reason.To, unplaced.Reason.Trigger));
        Assert.StartsWith("test-play-1-unplaced2-", unplaced.Key, StringComparison.Ordinal);
        Assert.Equal(unplaced.Key, Assert.Single(second.Effects.OfType<UnplacedEffect>()).Key);
    }

    [Fact]
    public void An_event_for_an_instance_that_cannot_be_placed_is_reported_not_applied()
    {
        var fixture = new RuntimeFixture();
        var inNudge = RuntimeFixture.Compile(V1).Start("acc-1", fixture.Clock.GetUtcNow()) with { State = "Nudge", Step = 1 };
        var runtime = new PlaybookRuntime([RuntimeFixture.Compile(V2)]);

        var result = runtime.FireEvent([inNudge], "test-play", PlaybookEvent.Outcome("done"), fixture.Context(RuntimeFixture.Signals()));

        Assert.Empty(result.Changed);
        Assert.IsType<UnplacedEffect>(Assert.Single(result.Effects));
    }

    [Fact]
    public void Migration_runs_when_a_playbook_goes_back_to_an_earlier_version()
    {
        var fixture = new RuntimeFixture();
        var onV2 = RuntimeFixture.Compile(V2).Start("acc-1", fixture.Clock.GetUtcNow());
        var runtime = new PlaybookRuntime([RuntimeFixture.Compile(V1)]);

        var result = runtime.EvaluateAccount([onV2], fixture.Context(RuntimeFixture.Signals()));

        var instance = Assert.Single(result.Changed);
        Assert.Equal((1, "Watching"), (instance.Version, instance.State));
    }

    [Fact]
    public void An_instance_migrated_while_in_the_start_state_still_honours_applies_to()
    {
        var fixture = new RuntimeFixture();
        var old = RuntimeFixture.Compile(V1).Start("acc-1", fixture.Clock.GetUtcNow());
        var v2 = RuntimeFixture.Compile(V2.Replace("start: Watching", "start: Watching\napplies_to:\n  tier: [enterprise]", StringComparison.Ordinal));
        fixture.AdvanceDays(3);
        var starter = RuntimeFixture.Signals((Signals.SignalOrdinals.Tier, 1));

        var result = new PlaybookRuntime([v2]).EvaluateAccount([old], fixture.Context(starter));

        var migrated = Assert.Single(result.Changed);
        Assert.Equal((2, "Watching"), (migrated.Version, migrated.State));
        Assert.Empty(result.Effects);
    }
}
