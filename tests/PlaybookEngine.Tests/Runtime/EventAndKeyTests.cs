using System.Text.RegularExpressions;
using CrmSuite.PlaybookEngine.Runtime;
using CrmSuite.PlaybookEngine.Signals;

namespace CrmSuite.PlaybookEngine.Tests.Runtime;

public sealed class EventAndKeyTests
{
    private static readonly string CheckIn = RuntimeFixture.Playbook("""
        ## Watching

        ### Transitions

        - when `active_users_30d >= 10` -> CheckIn

        ## CheckIn

        ### Tasks

        - Call {{ account.name }} about {{ signals.active_users_30d }} active users
          - due: 3 days
          - priority: high
          - outcomes: interested, no_need

        ### Transitions

        - on outcome interested -> Interested
        - on outcome no_need -> Watching

        ## Interested (final)
        """);

    [Fact]
    public void A_task_outcome_fires_the_matching_transition()
    {
        var fixture = new RuntimeFixture();
        var playbook = RuntimeFixture.Compile(CheckIn);
        var context = fixture.Context(RuntimeFixture.Signals((SignalOrdinals.ActiveUsers30d, 12)));
        var inCheckIn = playbook.Evaluate(playbook.Start("acc-1", fixture.Clock.GetUtcNow()), context);

        var fired = playbook.Fire(inCheckIn.Instance, PlaybookEvent.Outcome("interested"), context);

        Assert.Equal("Interested", fired.Instance.State);
    }

    [Fact]
    public void An_outcome_the_state_does_not_take_changes_nothing()
    {
        var fixture = new RuntimeFixture();
        var playbook = RuntimeFixture.Compile(CheckIn);
        var instance = playbook.Start("acc-1", fixture.Clock.GetUtcNow());

        var fired = playbook.Fire(instance, PlaybookEvent.Outcome("interested"), fixture.Context(RuntimeFixture.Signals()));

        Assert.False(fired.Changed);
    }

    [Fact]
    public void Entering_a_state_opens_its_tasks_with_rendered_subject_due_date_and_reason()
    {
        var fixture = new RuntimeFixture();
        var playbook = RuntimeFixture.Compile(CheckIn);

        var result = playbook.Evaluate(playbook.Start("acc-1", fixture.Clock.GetUtcNow()), fixture.Context(RuntimeFixture.Signals((SignalOrdinals.ActiveUsers30d, 12))));

        var task = Assert.Single(result.Effects.OfType<TaskEffect>());
        Assert.Equal("Call Contoso about 12 active users", task.Subject);
        Assert.Equal(new DateOnly(2026, 11, 27), task.Due);
        Assert.Equal(TaskPriority.High, task.Priority);
        Assert.Equal(["interested", "no_need"], task.Outcomes.ToArray());
        Assert.Equal("active_users_30d", Assert.Single(task.Reason.Readings).Signal);
        Assert.Equal("12", task.Reason.Readings[0].Value);
    }

    [Fact]
    public void The_same_inputs_give_the_same_keys_and_keys_use_only_url_safe_characters()
    {
        var first = new RuntimeFixture();
        var second = new RuntimeFixture();
        second.AdvanceDays(3);
        var playbook = RuntimeFixture.Compile(CheckIn);
        var signals = RuntimeFixture.Signals((SignalOrdinals.ActiveUsers30d, 12));

        var a = playbook.Evaluate(playbook.Start("acc-1", first.Clock.GetUtcNow()), first.Context(signals));
        var b = playbook.Evaluate(playbook.Start("acc-1", second.Clock.GetUtcNow()), second.Context(signals));

        Assert.Equal(a.Effects.Select(e => e.Key), b.Effects.Select(e => e.Key));
        Assert.All(a.Effects, e => Assert.Matches(new Regex("^[A-Za-z0-9_-]+$"), e.Key));
        Assert.Equal(a.Effects.Length, a.Effects.Select(e => e.Key).Distinct().Count());
    }

    [Fact]
    public void Different_accounts_get_different_keys()
    {
        Assert.NotEqual(IdempotencyKey.For("acc-1", "p", 1, "task", 0), IdempotencyKey.For("acc-2", "p", 1, "task", 0));
    }

    [Fact]
    public void The_graph_exports_every_state_in_mermaid_and_dot()
    {
        var playbook = RuntimeFixture.Compile(CheckIn);

        var mermaid = playbook.ToMermaid();
        var dot = playbook.ToDot();

        Assert.StartsWith("stateDiagram-v2", mermaid, StringComparison.Ordinal);
        Assert.Contains("CheckIn --> Interested", mermaid, StringComparison.Ordinal);
        Assert.Contains("digraph", dot, StringComparison.Ordinal);
        Assert.Contains("Watching", dot, StringComparison.Ordinal);
    }
}
