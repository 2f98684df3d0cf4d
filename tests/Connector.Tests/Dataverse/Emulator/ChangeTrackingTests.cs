using System.Net;
using System.Text.Json;
using CrmSuite.DataverseEmulator;
using CrmSuite.DataverseEmulator.Http;
using Microsoft.Extensions.Time.Testing;
using static CrmSuite.Connector.Tests.Dataverse.Emulator.EmulatorHttp;

namespace CrmSuite.Connector.Tests.Dataverse.Emulator;

public sealed class ChangeTrackingTests
{
    private static async Task<(List<JsonElement> Rows, string DeltaLink)> ReadAll(HttpClient http, string url)
    {
        var rows = new List<JsonElement>();
        while (true)
        {
            using var response = await Send(http, HttpMethod.Get, url, null, ("Prefer", "odata.track-changes,odata.maxpagesize=2"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = await ReadJson(response);
            rows.AddRange(page.GetProperty("value").EnumerateArray());
            if (page.TryGetProperty("@odata.deltaLink", out var delta))
            {
                Assert.False(page.TryGetProperty("@odata.nextLink", out _));
                return (rows, delta.GetString()!);
            }
            url = page.GetProperty("@odata.nextLink").GetString()!;
        }
    }

    [Fact]
    public async Task The_delta_link_returns_changed_rows_and_deleted_entities_only()
    {
        await using var dv = await StartWithSchemaAsync();
        using var http = Client(dv);
        var ids = Enumerable.Range(0, 5).Select(i => dv.Seed("account", new Dictionary<string, object?> { ["name"] = $"A{i}" })).ToList();
        var (initial, deltaLink) = await ReadAll(http, "accounts?$select=name");
        Assert.Equal(5, initial.Count);
        Assert.Contains("$deltatoken=", deltaLink, StringComparison.Ordinal);

        dv.Change("account", ids[1], new Dictionary<string, object?> { ["name"] = "renamed" });
        dv.Delete("account", ids[2]);
        var added = dv.Seed("account", new Dictionary<string, object?> { ["name"] = "new" });

        var (changes, nextDelta) = await ReadAll(http, deltaLink);
        var changed = changes.Where(c => c.TryGetProperty("name", out _)).Select(c => c.GetProperty("accountid").GetString()).ToHashSet();
        Assert.Equal(new HashSet<string?> { ids[1].ToString(), added.ToString() }, changed);
        var deleted = Assert.Single(changes, c => c.TryGetProperty("reason", out _));
        Assert.Equal(ids[2].ToString(), deleted.GetProperty("id").GetString());
        Assert.Equal("deleted", deleted.GetProperty("reason").GetString());
        Assert.EndsWith("$metadata#accounts/$deletedEntity", deleted.GetProperty("@odata.context").GetString(), StringComparison.Ordinal);

        var (none, _) = await ReadAll(http, nextDelta);
        Assert.Empty(none);
    }

    [Fact]
    public async Task A_completed_task_comes_back_through_the_delta_link()
    {
        await using var dv = await StartWithSchemaAsync();
        using var http = Client(dv);
        var task = dv.Seed("task", new Dictionary<string, object?> { ["subject"] = "Call", ["cs_stepkey"] = "s1" });
        var (_, deltaLink) = await ReadAll(http, "tasks?$select=statecode,statuscode,cs_outcome");
        dv.CompleteTask(task, "renewed");
        var (changes, _) = await ReadAll(http, deltaLink);
        var row = Assert.Single(changes);
        Assert.Equal(1, row.GetProperty("statecode").GetInt32());
        Assert.Equal(5, row.GetProperty("statuscode").GetInt32());
        Assert.Equal("renewed", row.GetProperty("cs_outcome").GetString());
    }

    [Theory]
    [InlineData("$filter=name eq 'a'", "$filter")]
    [InlineData("$orderby=name", "$orderby")]
    [InlineData("$top=1", "$top")]
    public async Task Track_changes_with_filter_orderby_or_top_is_rejected_as_documented(string option, string name)
    {
        await using var dv = await StartWithSchemaAsync();
        using var http = Client(dv);
        using var response = await Send(http, HttpMethod.Get, $"accounts?$select=name&{option}", null, ("Prefer", "odata.track-changes"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var message = (await ReadJson(response)).GetProperty("error").GetProperty("message").GetString();
        Assert.Equal($"The \"{name}\" query parameter isn't supported when Change Tracking is enabled.", message);
    }

    [Fact]
    public async Task Track_changes_on_a_table_with_change_tracking_off_is_rejected()
    {
        await using var dv = await StartWithSchemaAsync();
        using var http = Client(dv);
        dv.SetChangeTracking("account", false);
        using var response = await Send(http, HttpMethod.Get, "accounts?$select=name", null, ("Prefer", "odata.track-changes"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task An_expired_delta_token_answers_expired_version_stamp()
    {
        await using var dv = await StartWithSchemaAsync();
        using var http = Client(dv);
        var (_, deltaLink) = await ReadAll(http, "accounts?$select=name");
        dv.ExpireDeltaTokens();
        using var response = await http.GetAsync(deltaLink);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(ErrorCodes.ExpiredVersionStamp, ErrorCode(await ReadJson(response)));
    }

    [Fact]
    public async Task A_delta_token_older_than_the_retention_expires()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var dv = await StartWithSchemaAsync(new EmulatorOptions { Time = time });
        using var http = Client(dv);
        var (_, deltaLink) = await ReadAll(http, "accounts?$select=name");
        time.Advance(TimeSpan.FromDays(6));
        using var fresh = await http.GetAsync(deltaLink);
        time.Advance(TimeSpan.FromDays(2));
        using var stale = await http.GetAsync(deltaLink);
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, stale.StatusCode);
    }
}
