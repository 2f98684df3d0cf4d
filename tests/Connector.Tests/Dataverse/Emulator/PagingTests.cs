using System.Net;
using static CrmSuite.Connector.Tests.Dataverse.Emulator.EmulatorHttp;

namespace CrmSuite.Connector.Tests.Dataverse.Emulator;

public sealed class PagingTests
{
    [Fact]
    public async Task Maxpagesize_pages_through_every_row_once_by_following_next_links_unchanged()
    {
        await using var dv = await StartWithSchemaAsync();
        using var http = Client(dv);
        for (var i = 0; i < 25; i++)
        {
            dv.Seed("account", new Dictionary<string, object?> { ["name"] = $"A{i}" });
        }
        var seen = new List<string>();
        string? url = "accounts?$select=name";
        var pages = 0;
        while (url is not null)
        {
            using var response = await Send(http, HttpMethod.Get, url, null, ("Prefer", "odata.maxpagesize=10"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("odata.maxpagesize=10", response.Headers.GetValues("Preference-Applied").Single());
            var page = await ReadJson(response);
            seen.AddRange(page.GetProperty("value").EnumerateArray().Select(r => r.GetProperty("name").GetString()!));
            url = page.TryGetProperty("@odata.nextLink", out var next) ? next.GetString() : null;
            pages++;
        }
        Assert.Equal(3, pages);
        Assert.Equal(25, seen.Distinct().Count());
        Assert.Equal(25, seen.Count);
    }

    [Fact]
    public async Task A_next_link_requested_with_another_page_size_or_an_edited_query_is_rejected()
    {
        await using var dv = await StartWithSchemaAsync();
        using var http = Client(dv);
        for (var i = 0; i < 3; i++)
        {
            dv.Seed("account", new Dictionary<string, object?> { ["name"] = $"A{i}" });
        }
        using var first = await Send(http, HttpMethod.Get, "accounts?$select=name", null, ("Prefer", "odata.maxpagesize=2"));
        var next = (await ReadJson(first)).GetProperty("@odata.nextLink").GetString()!;
        using var otherSize = await Send(http, HttpMethod.Get, next, null, ("Prefer", "odata.maxpagesize=3"));
        using var edited = await Send(http, HttpMethod.Get, next.Replace("$select=name", "$select=name,accountid", StringComparison.Ordinal), null, ("Prefer", "odata.maxpagesize=2"));
        Assert.Equal(HttpStatusCode.BadRequest, otherSize.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, edited.StatusCode);
    }

    [Fact]
    public async Task Top_turns_paging_off()
    {
        await using var dv = await StartWithSchemaAsync();
        using var http = Client(dv);
        for (var i = 0; i < 5; i++)
        {
            dv.Seed("account", new Dictionary<string, object?> { ["name"] = $"A{i}" });
        }
        using var response = await Send(http, HttpMethod.Get, "accounts?$select=name&$top=3", null, ("Prefer", "odata.maxpagesize=2"));
        var page = await ReadJson(response);
        Assert.Equal(3, page.GetProperty("value").GetArrayLength());
        Assert.False(page.TryGetProperty("@odata.nextLink", out _));
        Assert.False(response.Headers.Contains("Preference-Applied"));
    }
}
