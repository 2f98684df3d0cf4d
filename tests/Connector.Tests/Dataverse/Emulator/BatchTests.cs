using System.Net;
using System.Text;
using CrmSuite.DataverseEmulator.Faults;
using static CrmSuite.Connector.Tests.Dataverse.Emulator.EmulatorHttp;

namespace CrmSuite.Connector.Tests.Dataverse.Emulator;

public sealed class BatchTests
{
    private static string Op(string method, string url, string? json, string? contentId = null, string boundary = "batch_b") =>
        $"--{boundary}\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n{(contentId is null ? "" : $"Content-ID: {contentId}\r\n")}\r\n" +
        $"{method} {url} HTTP/1.1\r\n{(json is null ? "" : "Content-Type: application/json; type=entry\r\n")}\r\n{json}\r\n";

    private static string ChangeSet(params string[] operations) =>
        "--batch_b\r\nContent-Type: multipart/mixed; boundary=changeset_c\r\n\r\n" + string.Concat(operations) + "--changeset_c--\r\n";

    private static async Task<(HttpResponseMessage Response, string Body)> PostBatch(HttpClient http, string body, string? prefer = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "$batch")
        {
            Content = new StringContent(body + "--batch_b--\r\n", Encoding.UTF8),
        };
        request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("multipart/mixed; boundary=batch_b");
        if (prefer is not null)
        {
            request.Headers.Add("Prefer", prefer);
        }
        var response = await http.SendAsync(request);
        return (response, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_batch_answers_one_part_per_request_in_order()
    {
        await using var dv = await StartWithSchemaAsync();
        using var http = Client(dv);
        var (response, body) = await PostBatch(http,
            Op("POST", "/api/data/v9.2/accounts", """{"name":"A"}""") +
            Op("POST", $"{dv.ServiceRoot}accounts", """{"name":"B"}""") +
            Op("GET", "accounts?$select=name", null));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("multipart/mixed; boundary=batchresponse_", response.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        var statuses = body.Split("\r\n").Where(l => l.StartsWith("HTTP/1.1 ", StringComparison.Ordinal)).ToArray();
        Assert.Equal(["HTTP/1.1 204 No Content", "HTTP/1.1 204 No Content", "HTTP/1.1 200 OK"], statuses);
        Assert.Equal(2, dv.Count("account"));
        Assert.Equal(3, dv.Requests.Single(r => r.Url.EndsWith("$batch", StringComparison.Ordinal)).BatchOperations);
    }

    [Fact]
    public async Task A_change_set_with_a_failing_request_writes_nothing_and_answers_the_failure()
    {
        await using var dv = await StartWithSchemaAsync();
        using var http = Client(dv);
        var (response, body) = await PostBatch(http, ChangeSet(
            Op("PATCH", "tasks(cs_stepkey='a')", """{"subject":"A"}""", "1", "changeset_c"),
            Op("PATCH", "tasks(cs_stepkey='b')", """{"nosuch":"B"}""", "2", "changeset_c")));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, dv.Count("task"));
        Assert.Single(body.Split("\r\n"), l => l.StartsWith("HTTP/1.1 ", StringComparison.Ordinal));
        Assert.Contains("Content-ID: 2", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Content_id_references_bind_rows_created_earlier_in_the_change_set()
    {
        await using var dv = await StartWithSchemaAsync();
        using var http = Client(dv);
        var (response, _) = await PostBatch(http, ChangeSet(
            Op("POST", "accounts", """{"name":"A"}""", "1", "changeset_c"),
            Op("POST", "tasks", """{"subject":"T","regardingobjectid_account_task@odata.bind":"$1"}""", "2", "changeset_c")));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var account = Assert.Single(dv.Rows("account"));
        var task = Assert.Single(dv.Rows("task"));
        Assert.Equal(account["accountid"], ((CrmSuite.DataverseEmulator.Store.EntityReference)task["regardingobjectid"]!).Id);
    }

    [Fact]
    public async Task A_reference_before_its_content_id_is_declared_is_a_bad_request()
    {
        await using var dv = await StartWithSchemaAsync();
        using var http = Client(dv);
        var (response, body) = await PostBatch(http, ChangeSet(
            Op("POST", "tasks", """{"subject":"T","regardingobjectid_account_task@odata.bind":"$1"}""", "2", "changeset_c"),
            Op("POST", "accounts", """{"name":"A"}""", "1", "changeset_c")));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Content-ID Reference: '$1' does not exist in the batch context.", body, StringComparison.Ordinal);
        Assert.Equal(0, dv.Count("account"));
    }

    [Fact]
    public async Task Without_continue_on_error_the_first_failure_stops_the_batch_and_with_it_the_rest_runs()
    {
        await using var dv = await StartWithSchemaAsync();
        using var http = Client(dv);
        var operations = Op("POST", "accounts", """{"nosuch":1}""") + Op("POST", "accounts", """{"name":"B"}""");
        var (stopped, _) = await PostBatch(http, operations);
        Assert.Equal(HttpStatusCode.BadRequest, stopped.StatusCode);
        Assert.Equal(0, dv.Count("account"));

        var (continued, body) = await PostBatch(http, operations, "odata.continue-on-error");
        Assert.Equal(HttpStatusCode.OK, continued.StatusCode);
        Assert.Equal(1, dv.Count("account"));
        Assert.Equal(2, body.Split("\r\n").Count(l => l.StartsWith("HTTP/1.1 ", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("--batch_b\r\nContent-Type: application/http\r\n\r\nNOT A REQUEST LINE\r\n")]
    [InlineData("--batch_b\r\nContent-Type: multipart/mixed; boundary=changeset_c\r\n\r\n--changeset_c\r\nContent-Type: application/http\r\nContent-ID: 1\r\n\r\nGET accounts HTTP/1.1\r\n\r\n\r\n--changeset_c--\r\n")]
    [InlineData("--batch_b\r\nContent-Type: multipart/mixed; boundary=changeset_c\r\n\r\n--changeset_c\r\nContent-Type: application/http\r\n\r\nPOST accounts HTTP/1.1\r\nContent-Type: application/json\r\n\r\n{}\r\n--changeset_c--\r\n")]
    [InlineData("--batch_b\r\nContent-Type: application/http\r\n\r\nPOST $batch HTTP/1.1\r\n\r\n\r\n")]
    public async Task Malformed_batches_get_in_change_sets_missing_content_ids_and_nested_batches_are_rejected(string body)
    {
        await using var dv = await StartWithSchemaAsync();
        using var http = Client(dv);
        var (response, _) = await PostBatch(http, body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, dv.Count("account"));
    }

    [Fact]
    public async Task A_batch_of_more_than_1000_requests_is_rejected()
    {
        await using var dv = await StartWithSchemaAsync();
        using var http = Client(dv);
        var (response, _) = await PostBatch(http, string.Concat(Enumerable.Repeat(Op("POST", "accounts", """{"name":"A"}"""), 1001)));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, dv.Count("account"));
    }

    [Fact]
    public async Task An_injected_item_failure_fails_only_that_item_under_continue_on_error()
    {
        await using var dv = await StartWithSchemaAsync();
        using var http = Client(dv);
        dv.Faults.FailBatchItem("cs_stepkey='bad'");
        var (response, body) = await PostBatch(http,
            Op("PATCH", "tasks(cs_stepkey='good')", """{"subject":"G"}""") + Op("PATCH", "tasks(cs_stepkey='bad')", """{"subject":"B"}"""),
            "odata.continue-on-error");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("good", Assert.Single(dv.Rows("task"))["cs_stepkey"]);
        Assert.Contains("HTTP/1.1 400 Bad Request", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_batch_over_the_execution_time_limit_is_throttled()
    {
        await using var dv = await StartWithSchemaAsync();
        using var http = Client(dv);
        dv.Faults.ExecutionTimeLimitBatchSize = 1;
        var (response, _) = await PostBatch(http, Op("POST", "accounts", """{"name":"A"}""") + Op("POST", "accounts", """{"name":"B"}"""));
        Assert.Equal((HttpStatusCode)429, response.StatusCode);
        Assert.Equal(0, dv.Count("account"));
    }
}
