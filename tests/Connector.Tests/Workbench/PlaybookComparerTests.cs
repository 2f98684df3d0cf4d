using CrmSuite.Connector.Store;
using CrmSuite.Connector.Workbench;
using CrmSuite.PlaybookEngine.Offers;
using CrmSuite.PlaybookEngine.Playbooks;
using CrmSuite.PlaybookEngine.Runtime;
using CrmSuite.PlaybookEngine.Signals;

namespace CrmSuite.Connector.Tests.Workbench;

/// <summary>The semantic diff's rules (docs/workbench.md, "Diff"): meaning changes are reported, formatting is not.</summary>
public sealed class PlaybookComparerTests
{
    private const string Base = """
        ---
        id: demo-upgrade
        title: Demo upgrade
        version: 1
        status: approved
        owner: ops@example.com
        category: upgrade
        start: Watching
        guardrails:
          quiet_days_after_decline: 60
          exclude_churn_risk: true
        ---

        ## Watching

        ### Transitions

        - when `seat_utilization >= 90% and tier in [starter, professional]` -> CheckIn
        - after 21 days -> Watching2

        ## Watching2

        ### Transitions

        - when `health < 40` -> Watching

        ## CheckIn

        ### Tasks

        - Call {{ account.name }}
          - due: 5 days
          - purpose: upgrade
          - outcomes: yes, no

        ### Transitions

        - on outcome yes -> Done
        - on outcome no -> Watching

        ## Done (final)
        """;

    [Fact]
    public void Spacing_keyword_case_percent_spelling_weeks_and_state_order_are_no_change()
    {
        var reformatted = """
            ---
            id: demo-upgrade
            title: Demo   upgrade
            version: 1
            status: approved
            owner: ops@example.com
            category: upgrade
            start: Watching
            guardrails:
              exclude_churn_risk: true
              quiet_days_after_decline: 60
            ---

            ## CheckIn

            ### Transitions

            - on outcome yes -> Done
            - on outcome no -> Watching

            ### Tasks

            - Call {{ account.name }}
              - outcomes: yes, no
              - purpose: upgrade
              - due: 5 days

            ## Watching

            ### Transitions

            - when `seat_utilization>=0.9   AND tier IN ["starter", "professional"]` -> CheckIn
            - after 3 weeks -> Watching2

            ## Watching2

            ### Transitions

            -   when `health<40`   ->   Watching

            ## Done (final)
            """;

        var diff = PlaybookComparer.Compare(Parse(Base), Parse(reformatted));

        Assert.False(diff.HasChanges, string.Join("; ", diff.Settings.Concat(diff.States.SelectMany(s => s.Lines)).Select(l => $"{l.What}: {l.Old} -> {l.New}")));
    }

    [Fact]
    public void A_changed_condition_is_shown_old_and_new_side_by_side()
    {
        var diff = PlaybookComparer.Compare(Parse(Base), Parse(Base.Replace("seat_utilization >= 90%", "seat_utilization >= 85%", StringComparison.Ordinal)));

        var state = Assert.Single(diff.States);
        Assert.Equal(("Watching", StateChangeKind.Changed), (state.Name, state.Kind));
        var condition = Assert.Single(state.Conditions);
        Assert.Equal("`seat_utilization >= 90% and tier in [starter, professional]`", condition.Old);
        Assert.Equal("`seat_utilization >= 85% and tier in [starter, professional]`", condition.New);
        Assert.Empty(state.Transitions);
    }

    [Fact]
    public void A_state_renamed_with_the_same_lines_is_a_rename_and_the_lines_leading_to_it_are_no_change()
    {
        var renamed = Base.Replace("## Watching2", "## Recheck", StringComparison.Ordinal).Replace("-> Watching2", "-> Recheck", StringComparison.Ordinal);

        var diff = PlaybookComparer.Compare(Parse(Base), Parse(renamed));

        var state = Assert.Single(diff.States);
        Assert.Equal((StateChangeKind.Renamed, "Watching2", "Recheck"), (state.Kind, state.OldName, state.NewName));
    }

    [Fact]
    public void Swapping_two_transitions_is_a_change_because_the_first_that_fires_wins()
    {
        var swapped = Base.Replace("""
            - on outcome yes -> Done
            - on outcome no -> Watching
            """, """
            - on outcome no -> Watching
            - on outcome yes -> Done
            """, StringComparison.Ordinal);

        var diff = PlaybookComparer.Compare(Parse(Base), Parse(swapped));

        var line = Assert.Single(Assert.Single(diff.States).Transitions);
        Assert.StartsWith("order", line.What, StringComparison.Ordinal);
        Assert.Equal("on outcome yes · on outcome no", line.Old);
    }

    [Fact]
    public void Guardrails_task_properties_and_added_states_are_reported()
    {
        var changed = Base
            .Replace("quiet_days_after_decline: 60", "quiet_days_after_decline: 90", StringComparison.Ordinal)
            .Replace("due: 5 days", "due: 7 days", StringComparison.Ordinal)
            .Replace("- on outcome no -> Watching", "- on outcome no -> Cooling", StringComparison.Ordinal)
            + "\n\n## Cooling\n\n### Transitions\n\n- after 30 days -> Watching\n";

        var diff = PlaybookComparer.Compare(Parse(Base), Parse(changed));

        Assert.Contains(new DiffLine("guardrails.quiet_days_after_decline", "60", "90"), diff.Settings);
        var checkIn = diff.States.Single(s => s.Name == "CheckIn");
        Assert.Contains(new DiffLine("task 1 due", "5 days", "7 days"), checkIn.Tasks);
        Assert.Contains(new DiffLine("`on outcome no` leads to", "Watching", "Cooling"), checkIn.Transitions);
        Assert.Contains(diff.States, s => s is { Kind: StateChangeKind.Added, NewName: "Cooling" });
    }

    [Fact]
    public void A_removed_state_s_instances_are_not_placed_by_the_runtime_s_migration_and_a_kept_state_s_are()
    {
        var next = Base.Replace("version: 1", "version: 2", StringComparison.Ordinal);
        var target = CompiledPlaybook.Compile(Parse(next), SignalCatalog.Default);
        IReadOnlyList<InstanceCount> counts = [new("demo-upgrade", 1, "Gone", 4), new("demo-upgrade", 1, "CheckIn", 7)];

        var gone = MigrationImpact.Of("Gone", counts, target, inForce: true);
        var kept = MigrationImpact.Of("CheckIn", counts, target, inForce: true);

        Assert.Equal(4, gone.InFlight);
        Assert.StartsWith("not placed: stay frozen on v1 in `Gone`", gone.Placement, StringComparison.Ordinal);
        Assert.Equal(7, kept.InFlight);
        Assert.StartsWith("move to v2 in `CheckIn`", kept.Placement, StringComparison.Ordinal);
    }

    [Fact]
    public void An_offer_s_changed_field_is_reported_and_reordering_the_offers_is_not()
    {
        var offers = File.ReadAllText(Path.Combine(Cli.CliRunner.RepositoryRoot, "playbooks", "offers.md"));
        var old = PriceBookParser.Parse(offers, "offers.md");
        var changed = PriceBookParser.Parse(offers.Replace("valid_days: 30", "valid_days: 45", StringComparison.Ordinal), "offers.md");

        var diff = OfferComparer.Compare("offers.md", old, changed);
        var same = OfferComparer.Compare("offers.md", old, old with { Offers = [.. old.Offers.Reverse()] });

        Assert.Contains(diff.Items, i => i.Item == "offer `next-tier`" && i.Lines.Contains(new DiffLine("valid_days", "30", "45")));
        Assert.False(same.HasChanges);
    }

    private static PlaybookDefinition Parse(string text)
    {
        var library = PlaybookLibrary.Load([new SourceFile("demo.md", text)], SignalCatalog.Default, offers: null);
        Assert.DoesNotContain(library.Diagnostics, d => d.IsError);
        return Assert.Single(library.Playbooks);
    }
}
