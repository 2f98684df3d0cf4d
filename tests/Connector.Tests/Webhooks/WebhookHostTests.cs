using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using CrmSuite.Connector.Tests.Support;

namespace CrmSuite.Connector.Tests.Webhooks;

/// <summary>POST /plugins/{handler} on the real connector host over loopback HTTP, as Dataverse calls it.</summary>
public sealed class WebhookHostTests(WebhookHost fixture) : IClassFixture<WebhookHost>
{
    private static readonly string SomeAccount = Guid.NewGuid().ToString("D");

    private Web.WorkQueueHost Host => fixture.Host;

    private string InboxPath => Path.Combine(Path.GetDirectoryName(Host.CrmPath)!, "data", "webhooks.db");

    [Theory]
    [InlineData("")]
    [InlineData("?code=wrong-key-0123456789")]
    [InlineData("?code=webhook-key-012345678")]
    public async Task A_request_without_the_registered_key_is_refused_401_and_stores_nothing(string query)
    {
        var before = await InboxCountAsync();

        using var response = await PostAsync($"/plugins/task-completed{query}", WebhookBodies.Stripped("task", Guid.NewGuid().ToString(), Guid.NewGuid()));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(before, await InboxCountAsync());
        Assert.DoesNotContain(WebhookHost.Key, Host.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_http_header_credential_is_accepted_as_registered()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/plugins/task-completed")
        {
            Content = Json(WebhookBodies.TaskCompleted(Guid.NewGuid().ToString(), "header-test", SomeAccount, Guid.NewGuid())),
        };
        request.Headers.Add(WebhookHost.HeaderName, WebhookHost.HeaderValue);

        using var response = await Host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("accepted", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_unknown_handler_is_404_naming_the_handlers()
    {
        using var response = await PostAsync($"/plugins/task-deleted?code={WebhookHost.Key}", "{}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("task-completed, proposal-answered, subscription-changed", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_service_endpoint_url_routes_an_event_to_the_handler_of_its_step_and_ignores_one_no_step_takes()
    {
        using var routed = await PostAsync($"/plugins?code={WebhookHost.Key}",
            WebhookBodies.TaskCompleted(Guid.NewGuid().ToString(), "k3", SomeAccount, Guid.NewGuid(), statecode: 0));
        using var unknown = await PostAsync($"/plugins?code={WebhookHost.Key}", WebhookBodies.Stripped("account", Guid.NewGuid().ToString(), Guid.NewGuid()));

        Assert.Equal("the task is not completed", (await routed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reason").GetString());
        var answer = await unknown.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("ignored", "no CrmSuite step takes Update of account at stage 40"),
            (answer.GetProperty("status").GetString(), answer.GetProperty("reason").GetString()));
    }

    [Fact]
    public async Task A_body_over_the_limit_is_413_and_stores_nothing()
    {
        var before = await InboxCountAsync();
        var body = WebhookBodies.Stripped("task", Guid.NewGuid().ToString(), Guid.NewGuid()).Replace("\"contoso\"", $"\"{new string('x', WebhookHost.MaxBodyBytes)}\"", StringComparison.Ordinal);

        using var response = await PostAsync($"/plugins/task-completed?code={WebhookHost.Key}", body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(before, await InboxCountAsync());
    }

    [Theory]
    [InlineData("{\"not\": \"a context\"}", "$.MessageName: missing")]
    [InlineData("{\"MessageName\": \"Update\", ", "not JSON")]
    public async Task A_body_that_is_not_a_context_is_400_with_the_reason_and_the_reason_is_logged(string body, string reason)
    {
        using var response = await PostAsync($"/plugins/task-completed?code={WebhookHost.Key}", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await UntilLoggedAsync("refused a body that is not a RemoteExecutionContext");
    }

    [Fact]
    public async Task A_task_update_that_does_not_complete_it_is_ignored_and_not_stored()
    {
        var before = await InboxCountAsync();
        var body = WebhookBodies.TaskCompleted(Guid.NewGuid().ToString(), "k1", SomeAccount, Guid.NewGuid(), statecode: 0);

        using var response = await PostAsync($"/plugins/task-completed?code={WebhookHost.Key}", body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("ignored", answer.GetProperty("status").GetString());
        Assert.Equal("the task is not completed", answer.GetProperty("reason").GetString());
        Assert.Equal(before, await InboxCountAsync());
    }

    [Fact]
    public async Task An_event_caused_by_another_plugin_is_ignored_by_the_recursion_guard()
    {
        var body = WebhookBodies.TaskCompleted(Guid.NewGuid().ToString(), "k2", SomeAccount, Guid.NewGuid(), depth: 2);

        using var response = await PostAsync($"/plugins/task-completed?code={WebhookHost.Key}", body);

        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("ignored", answer.GetProperty("status").GetString());
        Assert.StartsWith("depth 2 is beyond 1", answer.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_task_completed_in_the_crm_moves_the_playbook_once_and_a_replay_changes_nothing()
    {
        var (key, account) = await OpenCallTaskAsync();
        await using (var crm = TestCrm.Open(Host.CrmPath))
        {
            // A CSM completes the task in the CRM itself; the connector has not seen it yet.
            Assert.Equal(Connector.Crm.TaskCompletionStatus.Completed, (await crm.CompleteTaskAsync(key, "reached", DateTimeOffset.UtcNow, CancellationToken.None)).Status);
        }

        var body = WebhookBodies.TaskCompleted(Guid.NewGuid().ToString(), key, SomeAccount, Guid.NewGuid());
        using var first = await PostAsync($"/plugins/task-completed?code={WebhookHost.Key}", body);
        var eventId = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("eventId").GetInt64();
        await UntilHandledAsync(eventId);
        using var replay = await PostAsync($"/plugins/task-completed?code={WebhookHost.Key}", body);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("already handled", (await replay.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal(1, await CrmScalarAsync($"SELECT COUNT(*) FROM task_events WHERE task_key = '{key}' AND processed_at IS NOT NULL"));
        Assert.Equal(1, await CrmScalarAsync($"SELECT COUNT(*) FROM tasks WHERE account_id = '{account}' AND state = 'Offer' AND status = 'open'"));
        Assert.Equal(1, await CrmScalarAsync($"SELECT COUNT(*) FROM proposals WHERE account_id = '{account}' AND status = 'issued'"));
        Assert.Equal(1, await InboxScalarAsync($"SELECT COUNT(*) FROM webhook_events WHERE id = {eventId} AND result LIKE '1 task outcome(s) applied%'"));
    }

    [Fact]
    public async Task Status_counts_the_inbox_s_accepted_handled_and_waiting_events()
    {
        var (key, _) = await OpenCallTaskAsync();
        using var posted = await PostAsync($"/plugins/task-completed?code={WebhookHost.Key}",
            WebhookBodies.TaskCompleted(Guid.NewGuid().ToString(), key, SomeAccount, Guid.NewGuid()));
        await UntilHandledAsync((await posted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("eventId").GetInt64());
        var expected = $"{await InboxScalarAsync("SELECT COUNT(*) FROM webhook_events")} accepted, "
            + $"{await InboxScalarAsync("SELECT COUNT(*) FROM webhook_events WHERE handled_at IS NOT NULL")} handled, "
            + $"{await InboxScalarAsync("SELECT COUNT(*) FROM webhook_events WHERE handled_at IS NULL")} waiting";

        var status = await Cli.CliRunner.RunInAsync(Path.GetDirectoryName(Host.CrmPath)!, "status", "--state-db", Host.StatePath);

        Assert.Equal(0, status.ExitCode);
        Assert.Contains($"Webhooks ({Path.Combine("data", "webhooks.db")}): {expected}", status.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_stripped_for_size_is_accepted_and_handled_from_the_crm()
    {
        var (key, account) = await OpenCallTaskAsync();
        await using (var crm = TestCrm.Open(Host.CrmPath))
        {
            await crm.CompleteTaskAsync(key, "reached", DateTimeOffset.UtcNow, CancellationToken.None);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/plugins/task-completed?code={WebhookHost.Key}")
        {
            Content = Json(WebhookBodies.Stripped("task", Guid.NewGuid().ToString(), Guid.NewGuid())),
        };
        request.Headers.Add("x-ms-dynamics-msg-size-exceeded", "true");
        using var response = await Host.Client.SendAsync(request);
        await UntilHandledAsync((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("eventId").GetInt64());

        Assert.Equal(1, await CrmScalarAsync($"SELECT COUNT(*) FROM task_events WHERE task_key = '{key}' AND processed_at IS NOT NULL"));
        Assert.Equal(1, await CrmScalarAsync($"SELECT COUNT(*) FROM tasks WHERE account_id = '{account}' AND state = 'Offer' AND status = 'open'"));
    }

    [Theory]
    [InlineData(45, 422, "refused", "45% is beyond the deal desk's hard ceiling of 40%; this deal earns 23.29% under price book crmsuite v3")]
    [InlineData(30, 200, "allowed", "30% needs deal-desk approval: this deal earns 23.29% under price book crmsuite v3")]
    [InlineData(20, 200, "allowed", "20% is within the 23.29% this deal earns under price book crmsuite v3")]
    public async Task A_quote_discount_beyond_the_hard_ceiling_fails_the_synchronous_step_and_says_why(int percent, int status, string answer, string reason)
    {
        var body = WebhookBodies.QuoteDiscount(percent, "professional", 50, "annual", 2);

        using var response = await PostAsync($"/plugins/discount-ceiling?code={WebhookHost.Key}", body);

        Assert.Equal(status, (int)response.StatusCode);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(answer, json.GetProperty("status").GetString());
        Assert.StartsWith(reason, json.GetProperty("reason").GetString(), StringComparison.Ordinal);
        if (status == 422)
        {
            await UntilLoggedAsync("Webhook discount-ceiling: refused the save of quote");
        }
    }

    private async Task<(string Key, string Account)> OpenCallTaskAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={Host.CrmPath};Mode=ReadOnly;Pooling=False;Default Timeout=30");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        // Each test takes its own account: ORDER BY a random key spreads the tests over the seeded accounts.
        command.CommandText = "SELECT key, account_id FROM tasks WHERE state = 'Call' AND status = 'open' ORDER BY random() LIMIT 1";
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), "no open Call task left");
        return (reader.GetString(0), reader.GetString(1));
    }

    /// <summary>Waits (bounded) until the worker has handled the inbox event: the condition, not a delay, ends the wait.</summary>
    private async Task UntilHandledAsync(long eventId)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        while (await InboxScalarAsync($"SELECT COUNT(*) FROM webhook_events WHERE id = {eventId} AND handled_at IS NOT NULL") == 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), deadline.Token);
        }
    }

    /// <summary>Waits (bounded) until the host's log, read as it is written, holds <paramref name="text"/>.</summary>
    private async Task UntilLoggedAsync(string text)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!Host.Log.Contains(text, StringComparison.Ordinal))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), deadline.Token);
        }
    }

    private Task<HttpResponseMessage> PostAsync(string path, string body) => Host.Client.PostAsync(path, Json(body));

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private Task<long> InboxCountAsync() => File.Exists(InboxPath) ? InboxScalarAsync("SELECT COUNT(*) FROM webhook_events") : Task.FromResult(0L);

    private Task<long> InboxScalarAsync(string sql) => ScalarAsync(InboxPath, sql);

    private Task<long> CrmScalarAsync(string sql) => ScalarAsync(Host.CrmPath, sql);

    private static async Task<long> ScalarAsync(string path, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False;Default Timeout=30");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
