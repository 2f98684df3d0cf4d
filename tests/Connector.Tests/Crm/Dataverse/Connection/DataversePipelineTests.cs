using System.Net;
using System.Text;
using CrmSuite.Connector.Crm.Dataverse;
using CrmSuite.Connector.Crm.Dataverse.Connection;
using CrmSuite.Connector.Tests.Crm.Dataverse.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CrmSuite.Connector.Tests.Crm.Dataverse.Connection;

/// <summary>The named HttpClient's pipeline over loopback HTTP: headers, retries, throttling, the concurrency cap, errors.</summary>
public sealed class DataversePipelineTests
{
    // Long attempts: the fake clock moves while requests are in flight and must not time them out.
    private static readonly Dictionary<string, string?> Settings = new() { ["Crm:Dataverse:AttemptTimeout"] = "01:00:00" };

    private static Task<DataverseConnectionFixture> StartAsync(FakeTimeProvider time, Dictionary<string, string?>? more = null) =>
        DataverseConnectionFixture.StartAsync(time, settings: more is null ? Settings : Settings.Concat(more).ToDictionary());

    /// <summary>Moves the fake clock on in small steps until <paramref name="task"/> completes (the pipeline's waits run on it).</summary>
    private static async Task<T> RunAsync<T>(FakeTimeProvider time, Task<T> task)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!task.IsCompleted && DateTime.UtcNow < deadline)
        {
            time.Advance(TimeSpan.FromMilliseconds(500));
            await Task.WhenAny(task, Task.Delay(2));
        }

        return await task;
    }

    private static Task Answer(HttpContext context, int status, string body = "{}", string? retryAfter = null)
    {
        context.Response.StatusCode = status;
        if (retryAfter is not null)
        {
            context.Response.Headers.RetryAfter = retryAfter;
        }

        return context.Response.WriteAsync(body);
    }

    private static string Error(string code, string message) => System.Text.Json.JsonSerializer.Serialize(new { error = new { code, message } });

    [Fact]
    public async Task Every_request_carries_the_documented_odata_headers_and_a_json_body_says_utf_8()
    {
        var time = new FakeTimeProvider();
        await using var dataverse = await StartAsync(time);

        using var response = await dataverse.Client.PostAsync("accounts", new StringContent("""{"name":"A"}""", Encoding.UTF8, "application/json"));

        var request = Assert.Single(dataverse.Api.Requests);
        Assert.Equal("/api/data/v9.2/accounts", request.PathAndQuery);
        Assert.Equal("application/json", request.Headers["Accept"]);
        Assert.Equal("4.0", request.Headers["OData-MaxVersion"]);
        Assert.Equal("4.0", request.Headers["OData-Version"]);
        Assert.Equal("application/json; charset=utf-8", request.Headers["Content-Type"]);
        Assert.StartsWith("Bearer ", request.Headers["Authorization"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_429_is_retried_after_exactly_its_retry_after_and_nothing_is_sent_meanwhile()
    {
        var time = new FakeTimeProvider();
        await using var dataverse = await StartAsync(time);
        var throttled = new TaskCompletionSource();
        dataverse.Api.Respond = (context, request) =>
        {
            if (request.PathAndQuery.EndsWith("/first", StringComparison.Ordinal) && throttled.TrySetResult())
            {
                return Answer(context, 429, Error("0x80072322", "Number of requests exceeded the limit of 6000 over time window of 300 seconds."), retryAfter: "30");
            }

            return Answer(context, 200);
        };

        var gate = dataverse.Services.GetRequiredService<ThrottleGate>();
        var first = dataverse.Client.GetAsync("first");
        await throttled.Task;
        // A request sent once the client has read the 429 (not merely once the server sent it).
        await Until(() => gate.ClosedUntil is not null);
        var second = dataverse.Client.GetAsync("second");
        using var answers = new CompositeDisposable(await RunAsync(time, first), await RunAsync(time, second));

        var requests = dataverse.Api.Requests;
        Assert.Equal(3, requests.Count);
        Assert.All(answers.Responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.All(requests.Skip(1), r => Assert.True(r.At >= requests[0].At + TimeSpan.FromSeconds(30), $"{r.PathAndQuery} sent {r.At - requests[0].At} after the 429"));
        Assert.Contains(dataverse.Logs.Lines, l => l.Message == "Dataverse request attempt 1 failed (429 Too Many Requests): retrying in 30 s");
    }

    [Fact]
    public async Task Transient_server_errors_are_retried_with_growing_waits_until_one_succeeds()
    {
        var time = new FakeTimeProvider();
        await using var dataverse = await StartAsync(time);
        var failures = 2;
        dataverse.Api.Respond = (context, _) => Interlocked.Decrement(ref failures) >= 0 ? Answer(context, 503) : Answer(context, 200, """{"value":[]}""");

        using var response = await RunAsync(time, dataverse.Client.GetAsync("accounts"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var requests = dataverse.Api.Requests;
        Assert.Equal(3, requests.Count);
        Assert.True(requests[1].At > requests[0].At && requests[2].At > requests[1].At);
        Assert.Equal(2, dataverse.Logs.Lines.Count(l => l.Message.Contains("failed (503 Service Unavailable): retrying in", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData(400, "0x80040203", "Invalid property 'nme' was found in entity 'Microsoft.Dynamics.CRM.account'.")]
    [InlineData(403, "0x80042f09", "Principal user is missing prvCreatecs_subscription privilege.")]
    [InlineData(404, "0x80040217", "account With Id = 00000000-0000-0000-0000-000000000001 Does Not Exist")]
    [InlineData(412, "0x80040237", "A record with matching key values already exists.")]
    public async Task A_non_transient_refusal_is_not_retried_and_surfaces_its_dataverse_code_and_message(int status, string code, string message)
    {
        var time = new FakeTimeProvider();
        await using var dataverse = await StartAsync(time);
        dataverse.Api.Respond = (context, _) => Answer(context, status, Error(code, message));

        using var response = await dataverse.Client.GetAsync("accounts");
        var error = await Assert.ThrowsAsync<DataverseException>(() => DataverseException.ThrowIfFailedAsync(response, default));

        Assert.Single(dataverse.Api.Requests);
        Assert.Equal(code, error.Code);
        Assert.Equal(message, error.Detail);
        Assert.Equal((HttpStatusCode)status, error.Status);
        Assert.Equal($"Dataverse refused GET /api/data/v9.2/accounts: {status} {code}: {message}", error.Message);
    }

    [Fact]
    public async Task A_refusal_carries_the_status_code_message_and_request_but_never_the_client_secret_or_the_token()
    {
        var time = new FakeTimeProvider();
        await using var dataverse = await StartAsync(time);
        dataverse.Api.Respond = (context, _) => Answer(context, 403, Error("0x80040220", "Principal user is missing prvReadaccount privilege."));

        using var response = await dataverse.Client.GetAsync("accounts?$select=name");
        var error = await Assert.ThrowsAsync<DataverseException>(() => DataverseException.ThrowIfFailedAsync(response, default));

        var token = Assert.Single(dataverse.Api.Requests).Headers["Authorization"]["Bearer ".Length..];
        Assert.Equal(HttpStatusCode.Forbidden, error.Status);
        Assert.Equal("0x80040220", error.Code);
        Assert.Equal("GET /api/data/v9.2/accounts?$select=name", error.Request);
        Assert.DoesNotContain(DataverseConnectionFixture.Secret, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(token, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Retries_stop_after_the_configured_count_and_the_last_answer_surfaces()
    {
        var time = new FakeTimeProvider();
        await using var dataverse = await StartAsync(time, new() { ["Crm:Dataverse:MaxRetries"] = "2" });
        dataverse.Api.Respond = (context, _) => Answer(context, 503, Error("0x80044183", "The service is unavailable."));

        using var response = await RunAsync(time, dataverse.Client.GetAsync("accounts"));
        var error = await Assert.ThrowsAsync<DataverseException>(() => DataverseException.ThrowIfFailedAsync(response, default));

        Assert.Equal(3, dataverse.Api.Requests.Count);
        Assert.Equal("0x80044183", error.Code);
    }

    [Fact]
    public async Task The_server_s_dop_hint_caps_the_requests_in_flight()
    {
        var time = new FakeTimeProvider();
        await using var dataverse = await StartAsync(time);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var inFlight = 0;
        var most = 0;
        dataverse.Api.Respond = async (context, request) =>
        {
            context.Response.Headers[DataverseThrottling.DopHintHeader] = "2";
            if (request.PathAndQuery.EndsWith("/slow", StringComparison.Ordinal))
            {
                var now = Interlocked.Increment(ref inFlight);
                InterlockedMax(ref most, now);
                await release.Task;
                Interlocked.Decrement(ref inFlight);
            }

            await context.Response.WriteAsync("{}");
        };
        using (await dataverse.Client.GetAsync("warmup"))
        {
        }

        var limit = dataverse.Services.GetRequiredService<DataversePacing>().Limit;
        var calls = Enumerable.Range(0, 5).Select(_ => dataverse.Client.GetAsync("slow")).ToList();
        await Until(() => limit.Waiting == 3 && Volatile.Read(ref inFlight) == 2);

        Assert.Equal(2, limit.Limit);
        Assert.Equal(3, limit.Waiting);
        Assert.Equal(2, Volatile.Read(ref inFlight));
        release.SetResult();
        foreach (var response in await Task.WhenAll(calls))
        {
            response.Dispose();
        }

        Assert.Equal(2, most);
        Assert.Equal(6, dataverse.Api.Requests.Count);
    }

    private static async Task Until(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(2);
        }

        Assert.True(condition(), "condition not met within 30 s");
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    private sealed class CompositeDisposable(params HttpResponseMessage[] responses) : IDisposable
    {
        public IReadOnlyList<HttpResponseMessage> Responses => responses;

        public void Dispose()
        {
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }
    }
}
