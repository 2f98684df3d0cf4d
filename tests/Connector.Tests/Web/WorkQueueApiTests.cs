using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace CrmSuite.Connector.Tests.Web;

/// <summary>The work queue's JSON API against the real host over HTTP.</summary>
public sealed class WorkQueueApiTests(WorkQueueHost host) : IClassFixture<WorkQueueHost>
{
    private static readonly string[] PriorityOrder = ["urgent", "high", "normal", "low"];

    [Fact]
    public async Task The_csms_of_the_crm_are_listed_with_their_open_tasks()
    {
        var csms = await GetAsync("/api/csms");

        Assert.Equal(3, csms.GetArrayLength());
        Assert.All(csms.EnumerateArray(), c => Assert.True(c.GetProperty("openTasks").GetInt64() > 0));
    }

    [Fact]
    public async Task Open_tasks_come_soonest_due_first_then_by_priority()
    {
        var tasks = (await TasksAsync(await SomeCsmAsync(2))).ToList();

        Assert.NotEmpty(tasks);
        var keys = tasks.Select(t => (t.GetProperty("due").GetString()!, Array.IndexOf(PriorityOrder, t.GetProperty("priority").GetString()))).ToList();
        Assert.Equal(keys.OrderBy(k => k.Item1, StringComparer.Ordinal).ThenBy(k => k.Item2), keys);
    }

    [Fact]
    public async Task Completing_with_an_allowed_outcome_advances_the_playbook_and_the_next_task_appears()
    {
        var csm = await SomeCsmAsync(0);
        var task = (await TasksAsync(csm)).First(t => t.GetProperty("state").GetString() == "Call");
        var key = task.GetProperty("key").GetString()!;
        var account = task.GetProperty("accountId").GetString()!;

        using var response = await CompleteAsync(key, "reached");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var applied = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("applied")[0];
        Assert.Equal("Offer", applied.GetProperty("newState").GetString());
        Assert.Equal("Call -> Offer: 1 task(s), 1 proposal(s)", applied.GetProperty("result").GetString());
        var after = (await TasksAsync(csm)).ToList();
        Assert.DoesNotContain(after, t => t.GetProperty("key").GetString() == key);
        var next = Assert.Single(after, t => t.GetProperty("accountId").GetString() == account);
        Assert.Equal("Offer", next.GetProperty("state").GetString());
        Assert.Equal($"Walk {task.GetProperty("accountName").GetString()} through the proposal", next.GetProperty("subject").GetString());
        Assert.Equal("next-tier", next.GetProperty("proposal").GetProperty("offerId").GetString());
        Assert.Equal(1, await CrmScalarAsync($"SELECT COUNT(*) FROM task_events WHERE task_key = '{key}' AND processed_at IS NOT NULL"));
    }

    [Fact]
    public async Task A_disallowed_outcome_is_refused_with_the_allowed_ones_and_changes_nothing()
    {
        var csm = await SomeCsmAsync(1);
        var key = (await TasksAsync(csm)).First(t => t.GetProperty("state").GetString() == "Call").GetProperty("key").GetString()!;

        using var response = await CompleteAsync(key, "maybe_later");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("allowed: reached, no_answer", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains(await TasksAsync(csm), t => t.GetProperty("key").GetString() == key);
        Assert.Equal(0, await CrmScalarAsync($"SELECT COUNT(*) FROM task_events WHERE task_key = '{key}'"));
        Assert.Equal(1, await CrmScalarAsync($"SELECT COUNT(*) FROM tasks WHERE key = '{key}' AND status = 'open' AND outcome IS NULL"));
    }

    [Fact]
    public async Task A_task_completed_before_is_a_conflict()
    {
        var key = (await TasksAsync(await SomeCsmAsync(2))).First(t => t.GetProperty("state").GetString() == "Call").GetProperty("key").GetString()!;
        using var first = await CompleteAsync(key, "no_answer");

        using var second = await CompleteAsync(key, "reached");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal(1, await CrmScalarAsync($"SELECT COUNT(*) FROM task_events WHERE task_key = '{key}'"));
    }

    [Fact]
    public async Task An_unknown_task_is_not_found()
    {
        using var response = await CompleteAsync("no-such-task", "reached");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_form_post_is_refused_so_other_sites_cannot_complete_tasks()
    {
        var key = (await TasksAsync(await SomeCsmAsync(0))).First().GetProperty("key").GetString()!;
        using var form = new FormUrlEncodedContent([new("outcome", "reached")]);

        using var response = await host.Client.PostAsync($"/api/tasks/{key}/complete", form);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task The_talk_track_is_rendered_with_the_account_values_and_carries_no_markup_from_the_playbook()
    {
        var task = (await TasksAsync(await SomeCsmAsync(0))).First(t => t.GetProperty("state").GetString() == "Call");

        var html = task.GetProperty("talkTrackHtml").GetString()!;

        Assert.Contains($"<strong>{WebUtility.HtmlEncode(task.GetProperty("accountName").GetString())}</strong>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
        var objection = Assert.Single(task.GetProperty("objections").EnumerateArray());
        Assert.Equal("cost", objection.GetProperty("topic").GetString());
        Assert.Equal("<p>Show the annual price beside the monthly one.</p>", objection.GetProperty("html").GetString()!.Trim());
    }

    [Fact]
    public async Task The_page_is_served_with_a_content_security_policy()
    {
        using var response = await host.Client.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("script-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Contains("<select id=\"csm\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task<JsonElement> GetAsync(string path) => await host.Client.GetFromJsonAsync<JsonElement>(path);

    private async Task<string> SomeCsmAsync(int index) => (await GetAsync("/api/csms"))[index].GetProperty("id").GetString()!;

    private async Task<IEnumerable<JsonElement>> TasksAsync(string csm) =>
        (await GetAsync($"/api/csms/{csm}/tasks")).GetProperty("tasks").EnumerateArray().ToList();

    private Task<HttpResponseMessage> CompleteAsync(string key, string outcome) =>
        host.Client.PostAsJsonAsync($"/api/tasks/{key}/complete", new { outcome });

    private async Task<long> CrmScalarAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={host.CrmPath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
