using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace CrmSuite.Connector.Tests.Web;

/// <summary>The proposal side of the work queue's JSON API against the real host over HTTP.</summary>
public sealed class ProposalApiTests(WorkQueueHost host) : IClassFixture<WorkQueueHost>
{
    [Fact]
    public async Task An_open_proposal_is_listed_for_the_csm_with_its_document_and_accepting_it_changes_the_license()
    {
        var (csm, account) = await OfferAsync(0);
        var proposal = (await ProposalsAsync(csm)).Single(p => p.GetProperty("accountId").GetString() == account);
        Assert.Contains("enterprise", proposal.GetProperty("proposes").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(proposal.GetProperty("documentHtml").GetString()));

        using var response = await AnswerAsync(proposal.GetProperty("key").GetString()!, new { answer = "accepted" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var applied = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("applied")[0];
        Assert.Equal("changed", applied.GetProperty("license").GetString());
        Assert.Equal("Upgraded", applied.GetProperty("newState").GetString());
        Assert.Equal("enterprise", await CrmTextAsync($"SELECT tier FROM subscriptions WHERE account_id = '{account}'"));
        Assert.DoesNotContain(await ProposalsAsync(csm), p => p.GetProperty("accountId").GetString() == account);
    }

    [Fact]
    public async Task A_proposal_s_document_reaches_the_page_sanitized_without_inline_style_even_when_edited_in_the_crm()
    {
        var (csm, account) = await OfferAsync(0);
        var proposal = (await ProposalsAsync(csm)).Single(p => p.GetProperty("accountId").GetString() == account);
        var drafted = proposal.GetProperty("documentHtml").GetString()!;
        // The connector's own document keeps its content; its style sheet (which the page's policy refuses) is left out.
        Assert.Contains("<table", drafted, StringComparison.Ordinal);
        Assert.DoesNotContain("<style", drafted, StringComparison.Ordinal);
        Assert.Contains("<style", await CrmTextAsync($"SELECT document_html FROM proposals WHERE key = '{proposal.GetProperty("key").GetString()}'"), StringComparison.Ordinal);

        await CrmExecuteAsync($"UPDATE proposals SET document_html = '<p onclick=\"steal()\" style=\"color:red\">Edited</p><script>steal()</script><a href=\"javascript:steal()\">x</a>' WHERE key = '{proposal.GetProperty("key").GetString()}'");
        var edited = (await ProposalsAsync(csm)).Single(p => p.GetProperty("accountId").GetString() == account).GetProperty("documentHtml").GetString()!;

        Assert.Contains("Edited", edited, StringComparison.Ordinal);
        foreach (var refused in new[] { "onclick", "style", "<script", "javascript:" })
        {
            Assert.DoesNotContain(refused, edited, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("""{"answer": "maybe"}""")]
    [InlineData("""{"answer": ""}""")]
    [InlineData("""{}""")]
    [InlineData("""{"answer": "declined", "reasn": "too pricey"}""")]
    [InlineData("""{"answer": 1}""")]
    [InlineData("""{"answer": "declined", """)]
    public async Task Any_answer_but_accepted_or_declined_is_a_400_and_changes_nothing(string body)
    {
        var (csm, account) = await OfferAsync(1);
        var key = (await ProposalsAsync(csm)).First(p => p.GetProperty("accountId").GetString() == account).GetProperty("key").GetString()!;

        using var response = await host.Client.PostAsync($"/api/proposals/{key}/answer", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("issued", await CrmTextAsync($"SELECT status FROM proposals WHERE key = '{key}'"));
    }

    [Fact]
    public async Task An_unknown_proposal_is_a_404()
    {
        using var response = await AnswerAsync("no-such-proposal", new { answer = "accepted" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_second_answer_is_a_409_and_keeps_the_first()
    {
        var (csm, account) = await OfferAsync(2);
        var key = (await ProposalsAsync(csm)).First(p => p.GetProperty("accountId").GetString() == account).GetProperty("key").GetString()!;
        using var declined = await AnswerAsync(key, new { answer = "declined", reason = "not this year" });
        Assert.Equal(HttpStatusCode.OK, declined.StatusCode);

        using var again = await AnswerAsync(key, new { answer = "accepted" });

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("declined|not this year", await CrmTextAsync($"SELECT status || '|' || decline_reason FROM proposals WHERE key = '{key}'"));
    }

    // Completes a Call task of the index-th CSM as reached: its account's playbook moves to Offer and issues a proposal.
    private async Task<(string Csm, string Account)> OfferAsync(int index)
    {
        var csm = (await host.Client.GetFromJsonAsync<JsonElement>("/api/csms"))[index].GetProperty("id").GetString()!;
        var queue = await host.Client.GetFromJsonAsync<JsonElement>($"/api/csms/{csm}/tasks");
        var task = queue.GetProperty("tasks").EnumerateArray().First(t => t.GetProperty("state").GetString() == "Call");
        using var response = await host.Client.PostAsJsonAsync($"/api/tasks/{task.GetProperty("key").GetString()}/complete", new { outcome = "reached" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (csm, task.GetProperty("accountId").GetString()!);
    }

    private async Task<List<JsonElement>> ProposalsAsync(string csm) =>
        [.. (await host.Client.GetFromJsonAsync<JsonElement>($"/api/csms/{csm}/proposals")).EnumerateArray()];

    private Task<HttpResponseMessage> AnswerAsync(string key, object body) => host.Client.PostAsJsonAsync($"/api/proposals/{key}/answer", body);

    private async Task CrmExecuteAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={host.CrmPath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private async Task<string> CrmTextAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={host.CrmPath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture)!;
    }
}
