using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace CrmSuite.Connector.Tests.Web;

/// <summary>
/// The work queue refuses what another website could make a browser send (docs/operations.md, "Web security"), through
/// the real host over HTTP: a foreign Host (DNS rebinding) is a 400, a foreign Origin on a POST a 403, and neither changes
/// the CRM.
/// </summary>
public sealed class WebSecurityTests(WorkQueueHost host) : IClassFixture<WorkQueueHost>
{
    [Fact]
    public async Task A_request_naming_another_host_is_refused_with_400_and_changes_nothing_in_the_crm()
    {
        var key = await OpenCallTaskAsync(0);
        using var request = Complete(key);
        request.Headers.Host = "evil.example";

        using var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await AssertUntouchedAsync(key);
    }

    [Fact]
    public async Task A_post_from_another_origin_is_refused_with_403_and_changes_nothing_in_the_crm()
    {
        var key = await OpenCallTaskAsync(1);
        using var request = Complete(key);
        request.Headers.Add("Origin", "http://evil.example");

        using var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("Origin is another site", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(),
            StringComparison.Ordinal);
        await AssertUntouchedAsync(key);
    }

    [Fact]
    public async Task A_sandboxed_page_s_null_origin_is_foreign_too()
    {
        var key = await OpenCallTaskAsync(0);
        using var request = Complete(key);
        request.Headers.Add("Origin", "null");

        using var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await AssertUntouchedAsync(key);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    public async Task A_post_from_the_connector_s_own_origin_under_an_allowed_name_is_applied(string name)
    {
        var key = await OpenCallTaskAsync(2);
        using var request = Complete(key);
        request.Headers.Host = $"{name}:{host.BaseAddress.Port}";
        request.Headers.Add("Origin", $"http://{name}:{host.BaseAddress.Port}");

        using var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, await CrmScalarAsync($"SELECT COUNT(*) FROM task_events WHERE task_key = '{key}'"));
    }

    [Fact]
    public async Task Api_answers_and_errors_carry_nosniff()
    {
        using var ok = await host.Client.GetAsync("/api/csms");
        using var notFound = await host.Client.GetAsync("/api/csms/nobody/tasks");

        Assert.Equal("nosniff", Assert.Single(ok.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
        Assert.Equal("nosniff", Assert.Single(notFound.Headers.GetValues("X-Content-Type-Options")));
    }

    [Fact]
    public async Task A_body_with_a_huge_unknown_field_is_a_400_naming_the_problem_with_only_an_excerpt_of_it()
    {
        var key = await OpenCallTaskAsync(1);
        var field = new string('A', 200_000);
        using var body = new StringContent($"{{\"outcome\":\"reached\",\"{field}\":1}}", Encoding.UTF8, "application/json");

        using var response = await host.Client.PostAsync($"/api/tasks/{key}/complete", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(text.Length < 1_000, $"the 400 repeats {text.Length} characters");
        Assert.Contains("The body is not the JSON this request expects: The JSON property 'AAAA", text, StringComparison.Ordinal);
        Assert.Contains("(200", text, StringComparison.Ordinal);
        await AssertUntouchedAsync(key);
    }

    [Fact]
    public async Task A_huge_outcome_is_refused_repeating_only_an_excerpt_of_it()
    {
        var key = await OpenCallTaskAsync(0);

        using var response = await host.Client.PostAsJsonAsync($"/api/tasks/{key}/complete", new { outcome = new string('B', 100_000) });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var detail = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;
        Assert.True(detail.Length < 300, $"the 400 repeats {detail.Length} characters");
        Assert.Contains("(100000 characters)' is not allowed", detail, StringComparison.Ordinal);
        Assert.Contains("allowed: reached, no_answer", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Per_request_logs_of_asp_net_are_off_by_default()
    {
        using var response = await host.Client.GetAsync("/api/csms");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("Request starting", host.Log, StringComparison.Ordinal);
        Assert.DoesNotContain("Executing endpoint", host.Log, StringComparison.Ordinal);
    }

    private HttpRequestMessage Complete(string key) =>
        new(HttpMethod.Post, $"/api/tasks/{key}/complete") { Content = JsonContent.Create(new { outcome = "reached" }) };

    // The first open Call task of the index-th CSM. Tests that complete a task use CSM 2 (so each takes the next task);
    // the others change nothing and may share a task.
    private async Task<string> OpenCallTaskAsync(int csmIndex)
    {
        var csm = (await host.Client.GetFromJsonAsync<JsonElement>("/api/csms"))[csmIndex].GetProperty("id").GetString()!;
        var tasks = (await host.Client.GetFromJsonAsync<JsonElement>($"/api/csms/{csm}/tasks")).GetProperty("tasks").EnumerateArray();
        return tasks.First(t => t.GetProperty("state").GetString() == "Call").GetProperty("key").GetString()!;
    }

    private async Task AssertUntouchedAsync(string key)
    {
        Assert.Equal(0, await CrmScalarAsync($"SELECT COUNT(*) FROM task_events WHERE task_key = '{key}'"));
        Assert.Equal(1, await CrmScalarAsync($"SELECT COUNT(*) FROM tasks WHERE key = '{key}' AND status = 'open' AND outcome IS NULL"));
    }

    private async Task<long> CrmScalarAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={host.CrmPath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
