using System.Text.Json;
using CrmSuite.Connector.Cli;

namespace CrmSuite.Connector.Tests.Cli;

/// <summary>Runs `crmsuite propose` in-process against the shipped price book, capturing the console.</summary>
public sealed class ProposeCommandTests : IDisposable
{
    private const string Usage = """
        "usage": { "as_of": "2026-11-23", "active_users_30d": 12, "feature_adoption": 0.9, "health": 82,
                   "seat_utilization_min_28d": 0.95, "usage_growth_30d": 0.1 }
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("propose-").FullName;
    private readonly string _pricebook = Path.Combine(RepoRoot(), "playbooks");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Proposal_is_written_as_markdown_with_exit_0()
    {
        var (code, stdout, _) = await Run("propose", "--account", Account(), "--pricebook", _pricebook, "--today", "2026-11-24");

        Assert.Equal(0, code);
        Assert.Contains("### Price path", stdout);
        Assert.Contains("## Your choice", stdout);
    }

    [Fact]
    public async Task Proposal_is_written_as_json_on_request_with_the_offer_id_only_in_the_internal_section()
    {
        var (code, stdout, _) = await Run("propose", "--account", Account(), "--offer", "seat-expansion", "--format", "json", "--pricebook", _pricebook, "--today", "2026-11-24");

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal("seat-expansion", json.RootElement.GetProperty("internal").GetProperty("offer_id").GetString());
        Assert.False(json.RootElement.TryGetProperty("offer_id", out _));
    }

    [Fact]
    public async Task Json_keeps_billing_annual_cost_annual_list_cost_and_amount_due()
    {
        var (code, stdout, _) = await Run("propose", "--account", Account(), "--offer", "next-tier", "--format", "json", "--pricebook", _pricebook, "--today", "2026-11-24");

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(stdout);
        var quote = json.RootElement.GetProperty("price_path").GetProperty("options")[0].GetProperty("quote");
        Assert.Equal("monthly", quote.GetProperty("billing").GetString());
        Assert.Equal("USD", quote.GetProperty("annual_cost").GetProperty("currency").GetString());
        Assert.Equal("USD", quote.GetProperty("annual_list_cost").GetProperty("currency").GetString());
        Assert.Equal("USD", json.RootElement.GetProperty("proration").GetProperty("amount_due").GetProperty("currency").GetString());
    }

    [Fact]
    public async Task Markdown_shows_no_internal_reasoning_and_one_validity_date()
    {
        var (code, stdout, _) = await Run("propose", "--account", Account(), "--offer", "next-tier", "--pricebook", _pricebook, "--today", "2026-11-24");

        Assert.Equal(0, code);
        Assert.DoesNotContain("requested offer", stdout);
        Assert.DoesNotContain("next-tier", stdout);
        Assert.DoesNotContain("Why now:", stdout);
        Assert.Contains("valid until 2026-12-24", stdout); // offers.md: next-tier valid_days 30
        Assert.DoesNotMatch(@"(until|by) 2026-12-(?!24)\d\d", stdout);
    }

    [Fact]
    public async Task Seat_expansion_that_adds_no_seats_is_no_offer_with_its_reason_and_exit_0()
    {
        var usage = Usage.Replace(": 12,", ": 4,", StringComparison.Ordinal);
        var path = Account(usage: usage);
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"seats_used\": 10", "\"seats_used\": 4", StringComparison.Ordinal));

        var (code, stdout, _) = await Run("propose", "--account", path, "--offer", "seat-expansion", "--pricebook", _pricebook, "--today", "2026-11-24");

        Assert.Equal(0, code);
        Assert.StartsWith("No offer for account acme: no seats to add", stdout);
    }

    [Fact]
    public async Task Html_output_is_a_document()
    {
        var (code, stdout, _) = await Run("propose", "--account", Account(), "--format", "html", "--pricebook", _pricebook, "--today", "2026-11-24");

        Assert.Equal(0, code);
        Assert.StartsWith("<!DOCTYPE html>", stdout);
    }

    [Fact]
    public async Task Account_without_a_need_gets_no_offer_and_the_reason_with_exit_0()
    {
        var usage = Usage.Replace("0.95", "0.5", StringComparison.Ordinal).Replace("0.9,", "0.3,", StringComparison.Ordinal).Replace(": 12,", ": 6,", StringComparison.Ordinal);
        var (code, stdout, _) = await Run("propose", "--account", Account(usage: usage), "--pricebook", _pricebook, "--today", "2026-11-24");

        Assert.Equal(0, code);
        Assert.StartsWith("No offer for account acme: no sustained need", stdout);
    }

    [Fact]
    public async Task Draft_offer_is_an_input_error_with_exit_1()
    {
        var (code, _, stderr) = await Run("propose", "--account", Account(), "--offer", "financial-services-bundle", "--pricebook", _pricebook, "--today", "2026-11-24");

        Assert.Equal(1, code);
        Assert.Contains("is a draft", stderr);
    }

    [Fact]
    public async Task Bad_account_data_prints_each_error_with_exit_1()
    {
        var path = Path.Combine(_dir, "bad.json");
        File.WriteAllText(path, """{ "account": { "id": "x" }, "subscription": { "tier": "starter" } }""");

        var (code, _, stderr) = await Run("propose", "--account", path, "--pricebook", _pricebook);

        Assert.Equal(1, code);
        Assert.Contains("account.name: missing", stderr);
        Assert.Contains("subscription.seats: missing", stderr);
    }

    [Fact]
    public async Task Broken_price_book_is_reported_with_positions_and_exit_1()
    {
        var book = Path.Combine(_dir, "pricebook.md");
        File.WriteAllText(book, File.ReadAllText(Path.Combine(_pricebook, "pricebook.md")).Replace("annual_discount: 15%", "annual_discount: 15", StringComparison.Ordinal));

        var (code, _, stderr) = await Run("propose", "--account", Account(), "--pricebook", book, "--today", "2026-11-24");

        Assert.Equal(1, code);
        Assert.Matches(@"pricebook\.md:\d+:18: error PR007: annual_discount", stderr);
    }

    [Fact]
    public async Task Missing_account_option_is_a_usage_error_with_exit_2()
    {
        var (code, _, _) = await Run("propose", "--pricebook", _pricebook);

        Assert.Equal(2, code);
    }

    [Fact]
    public async Task Unknown_format_is_a_usage_error_with_exit_2()
    {
        var (code, _, _) = await Run("propose", "--account", Account(), "--format", "pdf");

        Assert.Equal(2, code);
    }

    [Fact]
    public async Task Account_file_that_does_not_exist_is_a_usage_error_with_exit_2()
    {
        var (code, _, stderr) = await Run("propose", "--account", Path.Combine(_dir, "nope.json"), "--pricebook", _pricebook);

        Assert.Equal(2, code);
        Assert.Contains("file not found", stderr);
    }

    [Fact]
    public async Task Malformed_today_is_a_usage_error_with_exit_2()
    {
        var (code, _, _) = await Run("propose", "--account", Account(), "--pricebook", _pricebook, "--today", "24/11/2026");

        Assert.Equal(2, code);
    }

    private string Account(string usage = Usage)
    {
        var path = Path.Combine(_dir, $"acme-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, $$"""
            {
              "account": { "id": "acme", "name": "Acme", "segment": "smb", "industry": "software", "lifecycle_stage": "expansion" },
              "subscription": { "tier": "starter", "seats": 10, "seats_used": 10, "billing_period": "monthly",
                                "start_date": "2025-03-10", "renewal_date": "2027-09-10", "mrr": 150, "currency": "USD" },
              {{usage}}
            }
            """);
        return path;
    }

    // The real executable in its own process: its output is its own, whatever other tests write meanwhile.
    private static async Task<(int Code, string Stdout, string Stderr)> Run(params string[] args)
    {
        var result = await CliRunner.RunAsync(args);
        return (result.ExitCode, result.Output, result.Error);
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CrmSuite.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("CrmSuite.sln not found above the test folder");
    }
}
