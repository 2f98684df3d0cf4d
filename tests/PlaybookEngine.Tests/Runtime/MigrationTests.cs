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

        var (migrated, unplaced) = PlaybookMigration.MigrateAll([inNudge], RuntimeFixture.Compile(V2));

        Assert.Empty(migrated);
        Assert.Contains("`Nudge`", Assert.Single(unplaced).Problem, StringComparison.Ordinal);
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
}
