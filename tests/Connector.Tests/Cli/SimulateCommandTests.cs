namespace CrmSuite.Connector.Tests.Cli;

public sealed class SimulateCommandTests
{
    [Fact]
    public async Task Simulate_prints_the_timeline_with_the_reason_of_each_transition()
    {
        var result = await CliRunner.RunAsync(
            "simulate", "playbooks/usage-upgrade.md", "--account", "playbooks/examples/northwind.json",
            "--days", "30", "--signals", "playbooks/examples/northwind-daily.csv");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Watching -> CheckIn", result.Output, StringComparison.Ordinal);
        Assert.Contains("seat_utilization_min_28d = 91%", result.Output, StringComparison.Ordinal);
        Assert.Contains("task \"Check in with Northwind Traders", result.Output, StringComparison.Ordinal);
        Assert.Contains("proposal next-tier", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_signals_csv_row_is_reported_with_file_line_and_field()
    {
        var csv = CliRunner.TempFile("daily.csv", "day,seat_utilization\n0,0.5\n3,lots\n");

        var result = await CliRunner.RunAsync(
            "simulate", "playbooks/usage-upgrade.md", "--account", "playbooks/examples/northwind.json", "--signals", csv);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"{csv}:3: field `seat_utilization`: expected a percentage", result.Error, StringComparison.Ordinal);
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
    public async Task Graph_prints_mermaid_by_default_and_dot_on_request()
    {
        var mermaid = await CliRunner.RunAsync("graph", "playbooks/usage-upgrade.md");
        var dot = await CliRunner.RunAsync("graph", "playbooks/usage-upgrade.md", "--format", "dot");

        Assert.StartsWith("stateDiagram-v2", mermaid.Output, StringComparison.Ordinal);
        Assert.Contains("digraph", dot.Output, StringComparison.Ordinal);
    }
}
