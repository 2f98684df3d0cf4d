using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using CrmSuite.Connector.Crm;
using CrmSuite.Connector.Crm.Dataverse.Gateway;
using CrmSuite.Connector.Tests.Dataverse.Emulator;
using CrmSuite.DataverseEmulator;

namespace CrmSuite.Connector.Tests.Crm.Dataverse;

/// <summary>
/// A full read against the emulator with small Dataverse pages (3 rows), so a read spans several accounts pages and a sync
/// page can end inside one: no $batch, every account once, and a resumed read returns what the interrupted one had not.
/// </summary>
public sealed class DataverseFullReadTests
{
    private const int Accounts = 7;
    private const int SyncPage = 2;

    private static async Task<(DataverseEmulator.DataverseEmulator Dv, HttpClient Http)> StartAsync()
    {
        var dv = await EmulatorHttp.StartWithSchemaAsync();
        CrmSuiteAccounts.Seed(dv, Accounts, _ => 5);
        return (dv, new HttpClient { BaseAddress = dv.ServiceRoot, DefaultRequestHeaders = { { "Authorization", "Bearer " + dv.Options.AccessToken } } });
    }

    private static DataverseGateway Gateway(HttpClient http) =>
        new(http, Options.Create(new DataverseGatewayOptions { MaxPageSize = 3 }), new FakeTimeProvider(), NullLogger<DataverseGateway>.Instance);

    private static async Task<List<CrmPage>> ReadAsync(DataverseGateway gateway, string? watermark)
    {
        var pages = new List<CrmPage>();
        await foreach (var page in gateway.ReadChangedAccountsAsync(watermark, SyncPage, CancellationToken.None))
        {
            pages.Add(page);
        }

        return pages;
    }

    private static List<string> Ids(IEnumerable<CrmPage> pages) => [.. pages.SelectMany(p => p.Accounts).Select(a => a.Account.Id)];

    [Fact]
    public async Task A_full_read_returns_every_account_once_with_its_license_and_usage_without_any_batch()
    {
        var (dv, http) = await StartAsync();
        await using var _ = dv;
        using var __ = http;

        var pages = await ReadAsync(Gateway(http), null);

        var ids = Ids(pages);
        Assert.Equal(Accounts, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(Accounts, ids.Count);
        Assert.All(pages.SelectMany(p => p.Accounts), a =>
        {
            Assert.Single(a.Subscriptions);
            Assert.NotNull(a.Usage);
        });
        Assert.DoesNotContain(dv.Requests, r => r.Url.EndsWith("$batch", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_full_read_resumed_from_any_page_returns_exactly_the_accounts_of_the_later_pages_and_ends_with_working_delta_links()
    {
        var (dv, http) = await StartAsync();
        await using var _ = dv;
        using var __ = http;
        var pages = await ReadAsync(Gateway(http), null);

        for (var i = 0; i < pages.Count - 1; i++)
        {
            var rest = await ReadAsync(Gateway(http), pages[i].Watermark);

            Assert.Equal(Ids(pages.Skip(i + 1)), Ids(rest));
            Assert.Empty(Ids(await ReadAsync(Gateway(http), rest[^1].Watermark)));
        }
    }

    [Fact]
    public async Task An_account_returned_before_the_interruption_and_changed_since_is_returned_again_with_its_change_on_resuming()
    {
        var (dv, http) = await StartAsync();
        await using var _ = dv;
        using var __ = http;
        var first = await ReadAsync(Gateway(http), null);
        var returned = first[0].Accounts[0].Account.Id;
        var untouched = first[0].Accounts[1].Account.Id;

        dv.Change("account", Guid.Parse(returned), new Dictionary<string, object?> { ["name"] = "Renamed after the crash" });
        var rest = await ReadAsync(Gateway(http), first[0].Watermark);

        var again = Assert.Single(rest.SelectMany(p => p.Accounts), a => a.Account.Id == returned);
        Assert.Equal("Renamed after the crash", again.Account.Name);
        Assert.DoesNotContain(untouched, Ids(rest));
    }
}
