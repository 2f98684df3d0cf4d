using CrmSuite.PlaybookEngine.Playbooks;
using CrmSuite.PlaybookEngine.Runtime;
using CrmSuite.PlaybookEngine.Signals;

namespace CrmSuite.PlaybookEngine.Tests.Runtime;

/// <summary>
/// docs/playbook-format.md, "Guardrails and how they apply", rule 1: which preempting playbooks pause an upgrade prompt,
/// within one sync and across the priorities of the plays.
/// </summary>
public sealed class PreemptionRulesTests
{
    // Engages (moves to Rescue) when health drops below 40; leaves Rescue when health is back at 70 or more.
    private static CompiledPlaybook Rescue(string id, int priority, string preempts) => RuntimeFixture.Compile(RuntimeFixture.Playbook("""
        ## Watching

        ### Transitions

        - when `health < 40` -> Rescue

        ## Rescue

        ### Transitions

        - when `health >= 70` -> Watching
        """, id: id, category: "rescue", priority: priority, extra: $"preempts: {preempts}"));

    private static CompiledPlaybook Upgrade(string id, int priority, string category = "upgrade") => RuntimeFixture.Compile(RuntimeFixture.Playbook("""
        ## Watching

        ### Transitions

        - when `seat_utilization >= 90%` -> Proposal

        ## Proposal

        ### Proposals

        - next-tier

        ### Transitions

        - on proposal declined -> Watching
        """, id: id, category: category, priority: priority));

    private static SignalVector Usage(double health)
    {
        var signals = RuntimeFixture.Signals((SignalOrdinals.SeatUtilization, 0.95));
        signals[SignalOrdinals.Health] = health;
        return signals;
    }

    private static PlaybookInstance Engaged(CompiledPlaybook rescue, RuntimeFixture fixture) =>
        rescue.Start("acc-1", fixture.Clock.GetUtcNow()) with { State = "Rescue", Step = 1 };

    [Fact]
    public void A_preemptor_waiting_in_its_start_state_pauses_nothing_while_another_preemptor_is_engaged()
    {
        var fixture = new RuntimeFixture();
        var trialRescue = Rescue("trial-rescue", 90, "[trial]");
        var upgradeRescue = Rescue("upgrade-rescue", 80, "[upgrade]");
        var upgrade = Upgrade("upgrade-play", 50);
        var runtime = new PlaybookRuntime([upgrade, trialRescue, upgradeRescue]);
        PlaybookInstance[] stored = [Engaged(trialRescue, fixture), upgradeRescue.Start("acc-1", fixture.Clock.GetUtcNow())];

        // Health 50: the trial rescue stays engaged, the upgrade rescue stays waiting in Watching.
        var result = runtime.EvaluateAccount(stored, fixture.Context(Usage(health: 50)));

        Assert.Equal("upgrade-play", Assert.Single(result.Effects.OfType<ProposalEffect>()).PlaybookId);
        Assert.Empty(result.Effects.OfType<SuppressedEffect>());
    }

    [Fact]
    public void A_preemptor_engaged_for_another_category_does_not_pause_an_upgrade_prompt()
    {
        var fixture = new RuntimeFixture();
        var trialRescue = Rescue("trial-rescue", 90, "[trial]");
        var runtime = new PlaybookRuntime([Upgrade("upgrade-play", 50), trialRescue]);

        var result = runtime.EvaluateAccount([Engaged(trialRescue, fixture)], fixture.Context(Usage(health: 50)));

        Assert.Single(result.Effects.OfType<ProposalEffect>());
        Assert.Empty(result.Effects.OfType<SuppressedEffect>());
    }

    [Fact]
    public void The_second_preemptor_engaging_in_a_sync_pauses_the_prompts_of_the_plays_after_it()
    {
        var fixture = new RuntimeFixture();
        var trialRescue = Rescue("trial-rescue", 90, "[trial]");
        var upgradeRescue = Rescue("upgrade-rescue", 80, "[upgrade]");
        var runtime = new PlaybookRuntime([Upgrade("upgrade-play", 50), trialRescue, upgradeRescue]);

        var result = runtime.EvaluateAccount([], fixture.Context(Usage(health: 30)));

        Assert.Empty(result.Effects.OfType<ProposalEffect>());
        var refusal = Assert.Single(result.Effects.OfType<SuppressedEffect>()).Guardrail;
        Assert.Equal("playbook `upgrade-rescue` is engaged with this account", refusal.Detail);
    }

    [Fact]
    public void A_preemptor_engaging_in_a_sync_pauses_every_play_of_its_category_evaluated_before_it()
    {
        var fixture = new RuntimeFixture();
        var runtime = new PlaybookRuntime([Upgrade("first-upgrade", 60), Upgrade("second-upgrade", 55), Rescue("low-rescue", 5, "[upgrade]")]);

        var result = runtime.EvaluateAccount([], fixture.Context(Usage(health: 30)));

        Assert.Empty(result.Effects.OfType<ProposalEffect>());
        Assert.Equal(["first-upgrade", "second-upgrade"], result.Effects.OfType<SuppressedEffect>().Select(s => s.PlaybookId).Order().ToArray());
    }

    [Fact]
    public void A_preemptor_that_ends_in_a_sync_no_longer_pauses_the_plays_evaluated_after_it()
    {
        var fixture = new RuntimeFixture();
        var rescue = Rescue("rescue-play", 90, "[upgrade]");
        var runtime = new PlaybookRuntime([Upgrade("upgrade-play", 50), rescue]);

        // Health 75: the rescue leaves Rescue (back to its start state) before the upgrade play is evaluated.
        var result = runtime.EvaluateAccount([Engaged(rescue, fixture)], fixture.Context(Usage(health: 75)));

        Assert.Equal("Watching", result.Changed.Single(i => i.PlaybookId == "rescue-play").State);
        Assert.Single(result.Effects.OfType<ProposalEffect>());
        Assert.Empty(result.Effects.OfType<SuppressedEffect>());
    }

    [Fact]
    public void A_preemptor_engaged_when_the_sync_starts_pauses_the_plays_evaluated_before_it_even_if_it_ends_in_that_sync()
    {
        var fixture = new RuntimeFixture();
        var trialRescue = Rescue("trial-rescue", 90, "[trial]");
        var lowRescue = Rescue("low-rescue", 5, "[upgrade]");
        var runtime = new PlaybookRuntime([Upgrade("upgrade-play", 50), trialRescue, lowRescue]);

        // Health 75: the low-priority rescue leaves Rescue in this sync, after the upgrade play was evaluated.
        var result = runtime.EvaluateAccount([Engaged(lowRescue, fixture)], fixture.Context(Usage(health: 75)));

        Assert.Equal("Watching", result.Changed.Single(i => i.PlaybookId == "low-rescue").State);
        Assert.Empty(result.Effects.OfType<ProposalEffect>());
        Assert.Equal("playbook `low-rescue` is engaged with this account", Assert.Single(result.Effects.OfType<SuppressedEffect>()).Guardrail.Detail);
    }

    [Fact]
    public void A_refusal_names_every_engaged_preemptor_in_evaluation_order()
    {
        var fixture = new RuntimeFixture();
        var first = Rescue("first-rescue", 90, "[upgrade]");
        var second = Rescue("second-rescue", 80, "[upgrade]");
        var third = Rescue("third-rescue", 5, "[upgrade]");
        var runtime = new PlaybookRuntime([Upgrade("upgrade-play", 50), first, second, third]);

        var result = runtime.EvaluateAccount([Engaged(first, fixture), Engaged(second, fixture), Engaged(third, fixture)], fixture.Context(Usage(health: 50)));

        var refusal = Assert.Single(result.Effects.OfType<SuppressedEffect>()).Guardrail;
        Assert.Equal("playbooks `first-rescue`, `second-rescue`, `third-rescue` are engaged with this account", refusal.Detail);
        Assert.Equal("preempted", refusal.Rule);
        Assert.Equal("preempted: playbooks `first-rescue`, `second-rescue`, `third-rescue` are engaged with this account", refusal.ToString());
    }

    [Fact]
    public void A_65th_preempting_playbook_is_error_PB052_at_its_id_and_the_runtime_refuses_65()
    {
        static PlaybookLibrary Rescues(int count, int first = 0) => PlaybookLibrary.Load(
            [.. Enumerable.Range(first, count).Select(i => new SourceFile($"rescue-{i}.md", RuntimeFixture.Playbook("""
                ## Watching

                ### Transitions

                - when `health < 40` -> Rescue

                ## Rescue (final)
                """, id: $"rescue-{i}", category: "rescue", extra: "preempts: [upgrade]")))],
            SignalCatalog.Default, offers: null);

        var library = Rescues(65);

        Assert.Equal(64, library.Playbooks.Length);
        var error = Assert.Single(library.Diagnostics, d => d.IsError);
        Assert.Equal(("PB052", "rescue-64.md"), (error.Code, error.Path));
        Assert.Contains("`rescue-64` has `preempts`, and 64 playbooks already do", error.Message, StringComparison.Ordinal);

        var compiled = library.Playbooks.Concat(Rescues(1, first: 64).Playbooks).Select(p => CompiledPlaybook.Compile(p, SignalCatalog.Default)).ToList();
        Assert.Equal(64, new PlaybookRuntime(compiled.Take(64)).Playbooks.Length);
        var refused = Assert.Throws<ArgumentException>(() => new PlaybookRuntime(compiled));
        Assert.Contains("65 playbooks preempt a category; at most 64 can", refused.Message, StringComparison.Ordinal);
    }
}
