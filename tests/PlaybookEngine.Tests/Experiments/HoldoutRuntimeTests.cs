using CrmSuite.PlaybookEngine.Accounts;
using CrmSuite.PlaybookEngine.Experiments;
using CrmSuite.PlaybookEngine.Runtime;
using CrmSuite.PlaybookEngine.Signals;
using CrmSuite.PlaybookEngine.Tests.Runtime;

namespace CrmSuite.PlaybookEngine.Tests.Experiments;

/// <summary>What the runtime does with a playbook that declares <c>holdout:</c>: the held-out accounts' instances are recorded and never played.</summary>
public sealed class HoldoutRuntimeTests
{
    private const string Body = """
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

    private readonly RuntimeFixture _fixture = new();

    private static CompiledPlaybook Play(string holdout, string experiment = "exp-1") =>
        RuntimeFixture.Compile(RuntimeFixture.Playbook(Body, extra: $"holdout: {holdout}\nexperiment: {experiment}"));

    /// <summary>The first account id whose bucket for test-play/exp-1 is in [from, to).</summary>
    private static string AccountInBucket(int from, int to, string experiment = "exp-1") =>
        Enumerable.Range(0, 10_000).Select(i => $"acc-{i}").First(id => ExperimentAssignment.Bucket(id, "test-play", experiment) is var b && b >= from && b < to);

    private EvaluationContext Context(string accountId) =>
        new(RuntimeFixture.Account with { Id = accountId }, RuntimeFixture.Signals((SignalOrdinals.ActiveUsers30d, 12)), ContactHistory.None, _fixture.Clock.GetUtcNow());

    [Fact]
    public void A_held_out_account_gets_an_instance_recorded_as_held_out_and_no_task()
    {
        var runtime = new PlaybookRuntime([Play("10%")]);
        var accountId = AccountInBucket(0, 1000);

        var result = runtime.EvaluateAccount([], Context(accountId));

        var instance = Assert.Single(result.Changed);
        Assert.Equal((true, "exp-1", "Watching", 0), (instance.HeldOut, instance.Experiment, instance.State, instance.Step));
        var heldOut = Assert.IsType<HeldOutEffect>(Assert.Single(result.Effects));
        Assert.Equal(("exp-1", 1000), (heldOut.Experiment, heldOut.HoldoutBasisPoints));
        Assert.True(heldOut.Bucket < 1000);
    }

    [Fact]
    public void A_held_out_account_stays_out_of_the_play_at_every_later_evaluation_while_the_condition_holds()
    {
        var runtime = new PlaybookRuntime([Play("10%")]);
        var accountId = AccountInBucket(0, 1000);
        var stored = runtime.EvaluateAccount([], Context(accountId)).Changed;

        for (var day = 0; day < 5; day++)
        {
            _fixture.AdvanceDays(1);
            var again = runtime.EvaluateAccount(stored, Context(accountId));
            Assert.True(again.IsEmpty, "a held-out instance is never evaluated, so nothing changes and nothing is written");
        }
    }

    [Fact]
    public void A_treated_account_is_recorded_under_the_experiment_and_plays_as_usual()
    {
        var runtime = new PlaybookRuntime([Play("10%")]);
        var accountId = AccountInBucket(1000, 10_000);

        var result = runtime.EvaluateAccount([], Context(accountId));

        var instance = Assert.Single(result.Changed);
        Assert.Equal((false, "exp-1", "CheckIn"), (instance.HeldOut, instance.Experiment, instance.State));
        Assert.Contains(result.Effects, e => e is TaskEffect);
        Assert.DoesNotContain(result.Effects, e => e is HeldOutEffect);
    }

    [Fact]
    public void Raising_the_share_holds_out_waiting_accounts_in_the_new_range_and_keeps_those_held_out()
    {
        var held = AccountInBucket(0, 1000);
        var waiting = AccountInBucket(1000, 2000);
        var ten = new PlaybookRuntime([Play("10%")]);
        var twenty = new PlaybookRuntime([Play("20%")]);
        var storedHeld = ten.EvaluateAccount([], Context(held)).Changed;
        PlaybookInstance[] storedWaiting = [ten.Playbooks[0].Start(waiting, _fixture.Clock.GetUtcNow()) with { Experiment = "exp-1" }];

        Assert.True(twenty.EvaluateAccount(storedHeld, Context(held)).IsEmpty);
        var nowHeld = Assert.Single(twenty.EvaluateAccount(storedWaiting, Context(waiting)).Changed);
        Assert.True(nowHeld.HeldOut);
    }

    [Fact]
    public void Lowering_the_share_releases_the_accounts_above_it_into_the_play()
    {
        var accountId = AccountInBucket(1000, 2000);
        var stored = new PlaybookRuntime([Play("20%")]).EvaluateAccount([], Context(accountId)).Changed;
        Assert.True(Assert.Single(stored).HeldOut);

        var released = new PlaybookRuntime([Play("10%")]).EvaluateAccount(stored, Context(accountId));

        Assert.False(Assert.Single(released.Changed).HeldOut);
        Assert.Contains(released.Effects, e => e is TaskEffect);
    }

    [Fact]
    public void An_account_already_in_the_play_stays_treated_when_the_share_or_the_experiment_changes()
    {
        var accountId = AccountInBucket(1000, 2000);
        var stored = new PlaybookRuntime([Play("10%")]).EvaluateAccount([], Context(accountId)).Changed;
        Assert.Equal("CheckIn", Assert.Single(stored).State);

        var after = new PlaybookRuntime([Play("50%", experiment: "exp-2")]).EvaluateAccount(stored, Context(accountId));

        Assert.True(after.IsEmpty);
    }

    [Fact]
    public void Removing_the_holdout_releases_held_out_accounts_and_clears_their_experiment()
    {
        var accountId = AccountInBucket(0, 1000);
        var stored = new PlaybookRuntime([Play("10%")]).EvaluateAccount([], Context(accountId)).Changed;
        var plain = new PlaybookRuntime([RuntimeFixture.Compile(RuntimeFixture.Playbook(Body))]);

        var released = plain.EvaluateAccount(stored, Context(accountId));

        var instance = Assert.Single(released.Changed);
        Assert.Equal((false, null, "CheckIn"), (instance.HeldOut, instance.Experiment, instance.State));
    }
}
