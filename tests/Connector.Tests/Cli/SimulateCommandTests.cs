using System.Text.RegularExpressions;

namespace CrmSuite.Connector.Tests.Cli;

/// <summary>
/// `crmsuite simulate` through the real process: it shows what the sync would do (docs/playbook-format.md, "Simulating a
/// playbook"): signals computed from the account's fields, proposals drafted, expired and answered through the license
/// transition, every playbook of a folder together, and clean errors for impossible input.
/// </summary>
public sealed partial class SimulateCommandTests
{
    private const string Northwind = "playbooks/examples/northwind.json";
    private const string Renewal = "playbooks/renewal-upgrade.md";

    [Theory]
    [InlineData("9999-12-31")]
    [InlineData("0001-01-01")]
    public async Task A_start_day_out_of_range_is_a_usage_error_naming_the_option_not_a_stack_trace(string start)
    {
        var result = await CliRunner.RunAsync("simulate", "playbooks/usage-upgrade.md", "--account", Northwind, "--days", "5", "--start", start);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"--start: expected a date yyyy-MM-dd from", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Simulate_prints_the_timeline_with_the_reason_of_each_transition_and_the_keys_of_tasks_and_proposals()
    {
        var result = await CliRunner.RunAsync(
            "simulate", "playbooks/usage-upgrade.md", "--account", Northwind, "--days", "30", "--signals", "playbooks/examples/northwind-daily.csv");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("usage-upgrade: Watching -> CheckIn", result.Output, StringComparison.Ordinal);
        Assert.Contains("seat_utilization_min_28d = 91%", result.Output, StringComparison.Ordinal);
        Assert.Matches(TaskLine(), result.Output);
        Assert.Matches(@"proposal usage-upgrade-\d+-proposal0-[a-z0-9]+ next-tier valid until 2026-12-31 \(starter x50 -> professional x\d+, MRR [\d.]+ USD\)", result.Output);
    }

    [Fact]
    public async Task Seat_utilization_is_computed_from_the_csv_s_seats_used_as_the_sync_computes_it()
    {
        var csv = Csv("day,seats_used,seat_utilization_min_28d\n0,49,0.91\n");

        var result = await Simulate("playbooks/usage-upgrade.md", csv, days: 2);

        // The check-in's subject quotes seat_utilization: 49 of 50 seats is 98%, as the sync would compute it.
        Assert.Contains("(98% of 50 seats used)", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_renewal_date_in_the_csv_moves_days_to_renewal()
    {
        var asIs = await Simulate(Renewal, null, days: 90);
        var moved = await Simulate(Renewal, Csv("day,renewal_date\n0,2027-06-01\n"), days: 90);

        Assert.Matches(@"day   0  2026-11-24  renewal-upgrade: Waiting -> Review .*days_to_renewal = 97 days", asIs.Output);
        Assert.Matches(@"day  69  2027-02-01  renewal-upgrade: Waiting -> Review .*days_to_renewal = 120 days", moved.Output);
        Assert.Contains("(renews 2027-06-01, in 120 days)", moved.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Churn_risk_follows_from_the_csv_s_health_and_the_task_of_the_state_left_is_shown_superseded()
    {
        var result = await Simulate(Renewal, Csv("day,health\n3,30\n"), days: 5);

        Assert.Contains("2026-11-27  renewal-upgrade: Review -> AtRisk   because when `churn_risk` (churn_risk = true)", result.Output, StringComparison.Ordinal);
        Assert.Matches(@"2026-11-27    task renewal-upgrade-1-task0-[a-z0-9]+ superseded \(renewal-upgrade left Review for AtRisk\)", result.Output);
    }

    [Fact]
    public async Task A_proposal_expires_the_day_after_its_last_valid_day_and_fires_on_proposal_expired()
    {
        var result = await Simulate(Renewal, Csv("day,event\n1,outcome:upgrade_fits\n"), days: 60);

        Assert.Matches(@"2026-11-25    proposal (renewal-upgrade-3-proposal0-[a-z0-9]+) renewal-upgrade valid until 2027-01-09", result.Output);
        Assert.Matches(@"day  47  2027-01-10  proposal renewal-upgrade-3-proposal0-[a-z0-9]+ expired: its last valid day was 2027-01-09", result.Output);
        Assert.Contains("2027-01-10  renewal-upgrade: Packet -> PlainRenewal   because on proposal expired", result.Output, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"2027-01-09  proposal .* expired", result.Output);
    }

    [Fact]
    public async Task An_accepted_renewal_proposal_changes_tier_seats_and_mrr_and_rolls_the_renewal_date_a_term()
    {
        var result = await Simulate(Renewal, Csv("day,event\n1,outcome:upgrade_fits\n5,proposal:accepted\n"), days: 10);

        Assert.Matches(@"2026-11-29    license changed: starter x50 -> professional x(\d+), MRR 1250 -> [\d.]+ USD, renewal date 2027-03-01 -> 2028-03-01", result.Output);
        Assert.Contains("renewal-upgrade: Packet -> Renewed   because on proposal accepted", result.Output, StringComparison.Ordinal);
        Assert.Matches(@"License: professional x\d+ \(47 used\), monthly, MRR [\d.]+ USD, renews 2028-03-01", result.Output);
    }

    [Fact]
    public async Task An_active_license_renews_for_its_term_on_its_renewal_date()
    {
        var result = await Simulate(Renewal, null, days: 100);

        Assert.Contains("day  97  2027-03-01  license renews for 12 month(s): renewal date 2027-03-01 -> 2028-03-01", result.Output, StringComparison.Ordinal);
        Assert.Contains("2027-03-01  renewal-upgrade: AwaitingRenewal -> Waiting   because when `days_to_renewal > 180 days` (days_to_renewal = 366 days)",
            result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_folder_runs_its_approved_playbooks_together_and_shares_the_contact_budget()
    {
        var csv = Csv("day,seat_utilization_min_28d,seats_used,event\n0,0.91,48,\n1,,,outcome:upgrade_fits\n2,,,outcome:interested\n");

        var result = await Simulate("playbooks", csv, days: 4);

        Assert.Contains("the 5 approved playbook(s) of playbooks (", result.Output, StringComparison.Ordinal);
        Assert.Matches(@"2026-11-25    proposal renewal-upgrade-3-proposal0-", result.Output);
        Assert.Contains("2026-11-26  usage-upgrade: suppressed PreparingTierProposal -> TierProposal: guardrail max_upgrade_prompts_per_30_days",
            result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task In_a_folder_an_engaged_rescue_playbook_preempts_the_upgrade_prompts_of_the_others()
    {
        var csv = Csv("day,seat_utilization_min_28d,seats_used,health,event\n0,0.91,48,,\n1,,,30,\n2,,,,outcome:interested\n");

        var result = await Simulate("playbooks", csv, days: 4);

        Assert.Contains("2026-11-25  churn-rescue: Monitoring -> Diagnose", result.Output, StringComparison.Ordinal);
        Assert.Contains("2026-11-26  usage-upgrade: suppressed PreparingTierProposal -> TierProposal: preempted: playbook `churn-rescue` is engaged",
            result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_proposal_still_open_when_its_state_is_left_is_shown_withdrawn()
    {
        using var folder = new Support.TempFolder();
        foreach (var file in new[] { "pricebook.md", "offers.md" })
        {
            File.Copy(Path.Combine(CliRunner.RepositoryRoot, "playbooks", file), folder.File(file));
        }

        folder.Write("quick-offer.md", QuickOffer);

        var result = await Simulate(folder.File("quick-offer.md"), Csv("day,health\n3,20\n"), days: 5);

        Assert.Matches(@"2026-11-27    proposal quick-offer-1-proposal0-[a-z0-9]+ withdrawn \(quick-offer left Offer for Paused\)", result.Output);
        Assert.Contains("1 proposal(s): 0 open, 0 accepted, 0 declined, 0 expired, 1 withdrawn", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_outcome_no_open_task_offers_changes_nothing_and_says_so()
    {
        var result = await Simulate(Renewal, Csv("day,event\n1,outcome:interested\n"), days: 3);

        Assert.Contains("event outcome:interested (line 2): no open task offers outcome interested; open: renewal-upgrade-1-task0-",
            result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("seat_utilization_min_28d", "NaN", "expected a finite number")]
    [InlineData("usage_growth_30d", "Infinity", "expected a finite number")]
    [InlineData("health", "-Infinity", "expected a finite number")]
    [InlineData("seat_utilization_min_28d", "-5%", "expected a percentage of 0% or more")]
    [InlineData("feature_adoption", "150%", "expected a percentage from 0% to 100%")]
    [InlineData("usage_growth_30d", "-1.5", "expected a percentage of -100% or more")]
    [InlineData("renewal_date", "9999-12-31", "expected a date from 2000-01-01 to 2199-12-31")]
    [InlineData("renewal_date", "2027-02-30", "expected a calendar date yyyy-MM-dd")]
    [InlineData("seats_used", "1e400", "expected a finite number")]
    [InlineData("health", "101", "expected a whole number from 0 to 100")]
    public async Task An_impossible_csv_value_is_a_clean_error_naming_file_line_and_column(string column, string value, string expected)
    {
        var csv = Csv($"day,{column}\n0,\n2,{value}\n");

        var result = await Simulate(Renewal, csv, days: 5);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"{csv}:3: column `{column}`: {expected}", result.Error, StringComparison.Ordinal);
        Assert.Contains($"got `{value}`", result.Error, StringComparison.Ordinal);
        Assert.Equal("", result.Output);
        AssertNoStackTrace(result);
    }

    [Fact]
    public async Task A_28_day_utilization_above_100_percent_on_a_tier_without_overage_is_an_error_at_its_line()
    {
        var csv = Csv("day,seat_utilization_min_28d\n0,0.9\n4,150%\n");

        var result = await Simulate(Renewal, csv, days: 10);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"{csv}:3: column `seat_utilization_min_28d`: seat_utilization_min_28d: 150% is impossible on tier 'starter', which allows no overage",
            result.Error, StringComparison.Ordinal);
        AssertNoStackTrace(result);
    }

    [Fact]
    public async Task Seats_used_above_the_seats_of_a_capped_tier_is_an_error_saying_the_sync_would_quarantine_the_account()
    {
        var csv = Csv("day,seats_used\n2,60\n");

        var result = await Simulate(Renewal, csv, days: 10);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"{csv}:2: column `seats_used`: seats_used: 60 seats used above the 50 licensed", result.Error, StringComparison.Ordinal);
        Assert.Contains("the sync would quarantine the account", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_column_the_sync_computes_is_refused_with_the_columns_to_give_instead()
    {
        var csv = Csv("day,seat_utilization,days_to_renewal\n0,0.5,30\n");

        var result = await Simulate(Renewal, csv, days: 5);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"{csv}:1: column `seat_utilization` cannot be set: the simulation computes it as the sync does (it is seats_used / seats; give `seats_used`",
            result.Error, StringComparison.Ordinal);
        Assert.Contains($"{csv}:1: column `days_to_renewal` cannot be set", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_column_gets_a_suggestion_and_proposal_expired_is_refused_because_expiry_is_by_date()
    {
        var csv = Csv("day,helth,event\n0,50,proposal:expired\n");

        var result = await Simulate(Renewal, csv, days: 5);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"{csv}:1: column `helth` is not a field the simulation can change (did you mean `health`?)", result.Error, StringComparison.Ordinal);
        Assert.Contains($"{csv}:2: column `event`: `proposal:expired` cannot be given", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_account_file_names_the_field_and_exits_1()
    {
        var account = CliRunner.TempFile("account.json", """
            { "account": { "id": "a", "name": "A", "segment": "smb", "industry": "retail", "lifecycle_stage": "adoption" },
              "subscription": { "tier": "starter", "seats": "many", "seats_used": 3, "billing_period": "monthly",
                                "start_date": "2026-01-01", "mrr": 10, "currency": "USD" } }
            """);

        var result = await CliRunner.RunAsync("simulate", "playbooks/usage-upgrade.md", "--account", account);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("subscription.seats: expected a whole number", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_account_file_the_sync_would_quarantine_is_an_error_naming_the_file_and_field()
    {
        var account = CliRunner.TempFile("account.json", """
            { "account": { "id": "a", "name": "A", "segment": "smb", "industry": "retail", "lifecycle_stage": "adoption" },
              "subscription": { "tier": "starter", "seats": 10, "seats_used": 3, "billing_period": "monthly",
                                "start_date": "2026-01-01", "mrr": 10, "currency": "USD" } }
            """);

        var result = await CliRunner.RunAsync("simulate", Renewal, "--account", account);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"{account}: subscription.renewal_date: missing on an active subscription; the sync would quarantine the account", result.Error,
            StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"renewal_date\": \"9999-12-31\"", "subscription.renewal_date: expected a date from 2000-01-01 to 2199-12-31, got '9999-12-31'")]
    [InlineData("\"renewal_date\": \"2027-03-01\", \"term_months\": 1200000", "subscription.term_months: expected a whole number of months from 1 to 120, got '1200000'")]
    public async Task Out_of_range_dates_and_terms_in_the_account_file_are_clean_errors(string field, string expected)
    {
        var account = CliRunner.TempFile("account.json", $$"""
            { "account": { "id": "a", "name": "A", "segment": "smb", "industry": "retail", "lifecycle_stage": "adoption" },
              "subscription": { "tier": "starter", "seats": 10, "seats_used": 3, "billing_period": "monthly",
                                "start_date": "2026-01-01", "mrr": 10, "currency": "USD", {{field}} } }
            """);

        var result = await CliRunner.RunAsync("simulate", Renewal, "--account", account, "--days", "400");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"{account}: {expected}", result.Error, StringComparison.Ordinal);
        AssertNoStackTrace(result);
    }

    [Fact]
    public async Task Graph_prints_mermaid_by_default_and_dot_on_request()
    {
        var mermaid = await CliRunner.RunAsync("graph", "playbooks/usage-upgrade.md");
        var dot = await CliRunner.RunAsync("graph", "playbooks/usage-upgrade.md", "--format", "dot");

        Assert.StartsWith("stateDiagram-v2", mermaid.Output, StringComparison.Ordinal);
        Assert.Contains("digraph", dot.Output, StringComparison.Ordinal);
    }

    private static Task<CliRunner.Result> Simulate(string playbooks, string? csv, int days, params string[] extra)
    {
        var args = new List<string> { "simulate", playbooks, "--account", Northwind, "--days", days.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        if (csv is not null)
        {
            args.AddRange(["--signals", csv]);
        }

        args.AddRange(extra);
        return CliRunner.RunAsync([.. args]);
    }

    private static string Csv(string text) => CliRunner.TempFile("daily.csv", text);

    private static void AssertNoStackTrace(CliRunner.Result result)
    {
        Assert.DoesNotContain("Exception", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"task usage-upgrade-1-task0-[a-z0-9]+ ""Check in with Northwind Traders about seat growth \(96% of 50 seats used\)""")]
    private static partial Regex TaskLine();

    private const string QuickOffer = """
        ---
        kind: playbook
        id: quick-offer
        title: Quick offer
        version: 1
        status: draft
        owner: ops@crmsuite.example
        category: upgrade
        start: Watching
        ---

        # Quick offer

        ## Watching

        ### Transitions
        - when `seat_utilization >= 90%` -> Offer

        ## Offer

        ### Proposals
        - next-tier

        ### Transitions
        - when `churn_risk` -> Paused
        - on proposal accepted -> Done
        - on proposal declined -> Paused
        - on proposal expired -> Paused

        ## Paused

        ### Transitions
        - after 30 days -> Watching

        ## Done (final)
        """;
}
