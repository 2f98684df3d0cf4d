using System.Text.Json;
using Microsoft.Data.Sqlite;
using CrmSuite.Connector.Store.Sqlite;
using CrmSuite.Connector.Tests.Support;

namespace CrmSuite.Connector.Tests.Cli;

/// <summary><c>crmsuite metrics</c> through the real process: exit codes, messages naming the option, the JSON shape (docs/metrics.md).</summary>
public sealed class MetricsCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string StateWithLedger(params (string Day, string Account, decimal Before, decimal After, string Currency)[] rows)
    {
        var path = _folder.File("state.db");
        SqliteStateStore.Open(path, TimeProvider.System).DisposeAsync().AsTask().GetAwaiter().GetResult();
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        foreach (var (day, account, before, after, currency) in rows)
        {
            using var insert = connection.CreateCommand();
            insert.CommandText = """
                INSERT INTO mrr_ledger (day, account_id, subscription_id, movement, mrr_before, mrr_after, delta, tier_before, tier_after, seats_before, seats_after, currency)
                VALUES ($day, $account, $account || '-s1', 'expansion', $before, $after, '0', 'starter', 'starter', 10, 10, $currency)
                """;
            insert.Parameters.AddWithValue("$day", day);
            insert.Parameters.AddWithValue("$account", account);
            insert.Parameters.AddWithValue("$before", before.ToString(System.Globalization.CultureInfo.InvariantCulture));
            insert.Parameters.AddWithValue("$after", after.ToString(System.Globalization.CultureInfo.InvariantCulture));
            insert.Parameters.AddWithValue("$currency", currency);
            insert.ExecuteNonQuery();
        }

        return path;
    }

    private Task<CliRunner.Result> Metrics(string state, IReadOnlyDictionary<string, string>? environment, params string[] args) =>
        CliRunner.RunInAsync(_folder.Path, environment ?? new Dictionary<string, string>(), ["metrics", .. args, "--state-db", state, "--crm-db", _folder.File("crm.db")]);

    [Fact]
    public async Task The_json_report_has_the_documented_fields_and_the_figures_of_the_ledger()
    {
        var state = StateWithLedger(("2024-12-01", "a", 0m, 100m, "USD"), ("2024-12-01", "b", 0m, 100m, "USD"), ("2025-01-10", "a", 100m, 150m, "USD"),
            ("2025-01-20", "b", 100m, 0m, "USD"));

        var result = await Metrics(state, null, "--from", "2025-01-01", "--to", "2025-02-28", "--by", "month", "--format", "json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Output);
        var root = json.RootElement;
        Assert.Equal(["from", "to", "currency", "by", "conventions", "total", "groups", "cohorts", "funnels", "tasks", "adoption", "suppressed_touches"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("month", root.GetProperty("by").GetString());
        Assert.Equal("cancellation", root.GetProperty("conventions").GetProperty("churn_at").GetString());
        var total = root.GetProperty("total");
        Assert.Equal(0.75m, total.GetProperty("nrr").GetDecimal());
        Assert.Equal(0.5m, total.GetProperty("grr").GetDecimal());
        Assert.Equal(JsonValueKind.Null, total.GetProperty("trial_conversion_rate").ValueKind);
        Assert.Equal(["2025-01", "2025-02"], root.GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("key").GetString()));
        Assert.False(root.GetProperty("adoption").GetProperty("available").GetBoolean());
        Assert.Equal("no usage history", root.GetProperty("adoption").GetProperty("note").GetString());
    }

    [Fact]
    public async Task Csv_has_one_row_per_group_after_the_total_with_the_json_names_as_header()
    {
        var state = StateWithLedger(("2024-12-01", "a", 0m, 100m, "USD"));

        var result = await Metrics(state, null, "--from", "2025-01-01", "--to", "2025-03-31", "--by", "quarter", "--format", "csv");

        var lines = result.Output.TrimEnd('\n').Split('\n');
        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("group,from,to,accounts_at_start,accounts_at_end,mrr_at_start,", lines[0], StringComparison.Ordinal);
        Assert.Equal(["total", "2025-Q1"], lines.Skip(1).Select(l => l.Split(',')[0]));
    }

    [Theory]
    [InlineData("--from: expected a date yyyy-MM-dd, got '2025-13-01'", "--from", "2025-13-01", "--to", "2025-03-31")]
    [InlineData("--to: expected a date yyyy-MM-dd, got 'March'", "--from", "2025-01-01", "--to", "March")]
    [InlineData("--from 2025-04-01 is after --to 2025-03-31", "--from", "2025-04-01", "--to", "2025-03-31")]
    [InlineData("--by: expected month, quarter, segment, industry, csm or playbook, got 'week'", "--from", "2025-01-01", "--to", "2025-03-31", "--by", "week")]
    [InlineData("--format: expected table, csv or json, got 'xml'", "--from", "2025-01-01", "--to", "2025-03-31", "--format", "xml")]
    public async Task A_bad_option_exits_2_naming_it(string message, params string[] args)
    {
        var state = StateWithLedger();

        var result = await Metrics(state, null, args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_ledger_currency_without_a_rate_exits_2_naming_the_setting_and_a_configured_rate_converts_it()
    {
        var state = StateWithLedger(("2024-12-01", "eu", 0m, 100m, "EUR"));

        var refused = await Metrics(state, null, "--from", "2025-01-01", "--to", "2025-01-31", "--format", "json");
        var converted = await Metrics(state, new Dictionary<string, string> { ["CRMSUITE_Metrics__Rates__EUR"] = "1.08" }, "--from", "2025-01-01", "--to", "2025-01-31", "--format", "json");

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("Metrics:Rates:EUR", refused.Error, StringComparison.Ordinal);
        Assert.Equal(0, converted.ExitCode);
        Assert.Equal(108m, JsonDocument.Parse(converted.Output).RootElement.GetProperty("total").GetProperty("mrr_at_start").GetDecimal());
    }

    [Fact]
    public async Task The_table_shows_the_total_and_each_group()
    {
        var state = StateWithLedger(("2024-12-01", "a", 0m, 100m, "USD"));

        var result = await Metrics(state, null, "--from", "2025-01-01", "--to", "2025-02-28", "--by", "month");

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"total\s+2025-01\s+2025-02", result.Output);
        Assert.Matches(@"mrr_at_start\s+100\s+100\s+100", result.Output);
    }
}
