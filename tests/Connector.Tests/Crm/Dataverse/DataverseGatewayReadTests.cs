using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using CrmSuite.Connector.Crm;
using CrmSuite.Connector.Crm.Dataverse.Gateway;

namespace CrmSuite.Connector.Tests.Crm.Dataverse;

/// <summary>
/// The request shapes and rules of the gateway's reads: change tracking started on the three tables an account is read
/// from, next links followed unchanged, a moved license a change of both accounts, an expired delta token a full read.
/// </summary>
public sealed class DataverseGatewayReadTests
{
    private const string From = "aaaaaaaa-0000-0000-0000-000000000001";
    private const string To = "aaaaaaaa-0000-0000-0000-000000000002";
    private const string License = "bbbbbbbb-0000-0000-0000-000000000001";
    private const string Ana = "cccccccc-0000-0000-0000-000000000001";

    /// <summary>A small organisation answering the gateway's reads: two accounts (on two pages), one license, no usage.</summary>
    private sealed class Org
    {
        public string LicenseAccount { get; set; } = From;

        public int Version { get; set; } = 10;

        public bool Expired { get; set; }

        public HttpResponseMessage Answer(SentRequest r)
        {
            if (r.Url.Contains("EntityDefinitions", StringComparison.Ordinal))
            {
                return RecordingHandler.Json("""{"value":[{"LogicalName":"account","ChangeTrackingEnabled":true},{"LogicalName":"cs_subscription","ChangeTrackingEnabled":true},{"LogicalName":"cs_usage","ChangeTrackingEnabled":true}]}""");
            }

            if (r.Url.Contains("$deltatoken", StringComparison.Ordinal))
            {
                if (Expired)
                {
                    return RecordingHandler.Error(HttpStatusCode.BadRequest, "0x80044352", "Version stamp associated with the client has expired.");
                }

                return r.Url.Contains("cs_subscriptions", StringComparison.Ordinal)
                    ? Delta("cs_subscriptions", $$"""{"cs_subscriptionid":"{{License}}","_cs_accountid_value":"{{LicenseAccount}}","versionnumber":{{Version}}}""")
                    : Delta(r.Url.Contains("accounts", StringComparison.Ordinal) ? "accounts" : "cs_usages", "");
            }

            if (r.Url.Contains("$skiptoken=page2", StringComparison.Ordinal))
            {
                return Delta("accounts", Row(To, "To"));
            }

            if (r.Method == "GET" && r.Url.StartsWith(RecordingHandler.Root + "accounts?", StringComparison.Ordinal))
            {
                return RecordingHandler.Json($$"""{"value":[{{Row(From, "From")}}],"@odata.nextLink":"{{RecordingHandler.Root}}accounts?$select=accountid&$skiptoken=page2"}""");
            }

            if (r.Method == "GET" && r.Url.Contains("cs_upgradeproposals", StringComparison.Ordinal))
            {
                return RecordingHandler.Json("""{"value":[]}""");
            }

            if (r.Method == "GET")
            {
                return r.Url.Contains("cs_subscriptions", StringComparison.Ordinal) ? Delta("cs_subscriptions", LicenseRow()) : Delta("cs_usages", "");
            }

            // The $batch of an incremental page: accounts, licenses, usage, proposals per group of ids.
            return RecordingHandler.Batch([.. RecordingHandler.Operations(r).Select(op => (200,
                op.Contains("GET " + RecordingHandler.Root + "accounts?", StringComparison.Ordinal)
                    ? $$"""{"value":[{{Row(From, "From")}},{{Row(To, "To")}}]}"""
                    : op.Contains("cs_subscriptions?", StringComparison.Ordinal)
                        ? $$"""{"value":[{{LicenseRow()}}]}"""
                        : """{"value":[]}"""))]);
        }

        private string LicenseRow() =>
            $$"""{"cs_subscriptionid":"{{License}}","_cs_accountid_value":"{{LicenseAccount}}","cs_product":"crmsuite","cs_tier":"professional","cs_seats":10,"cs_seatsused":5,"cs_billingperiod":"annual","cs_termmonths":12,"cs_startdate":"2026-05-08","cs_renewaldate":null,"cs_mrr":290.5,"cs_currency":"USD","cs_status":"active","versionnumber":3}""";

        private static string Row(string id, string name) =>
            $$"""{"accountid":"{{id}}","name":"{{name}}","_ownerid_value":"{{Ana}}","versionnumber":1,"cs_segment":"smb","cs_industry":"retail","cs_lifecyclestage":"adoption","cs_hourlycost":null}""";

        private static HttpResponseMessage Delta(string set, string rows) =>
            RecordingHandler.Json($$"""{"value":[{{rows}}],"@odata.deltaLink":"{{RecordingHandler.Root}}{{set}}?$select=x&$deltatoken=9%2101"}""");
    }

    private static DataverseGateway Gateway(RecordingHandler handler) =>
        new(handler.Client(), Options.Create(new DataverseGatewayOptions()), new FakeTimeProvider(), NullLogger<DataverseGateway>.Instance);

    private static async Task<List<CrmPage>> ReadAsync(DataverseGateway gateway, string? watermark)
    {
        var pages = new List<CrmPage>();
        await foreach (var page in gateway.ReadChangedAccountsAsync(watermark, 100, CancellationToken.None))
        {
            pages.Add(page);
        }

        return pages;
    }

    [Fact]
    public async Task A_first_read_starts_change_tracking_on_licenses_usage_and_accounts_and_takes_every_row_from_those_reads()
    {
        var org = new Org();
        var handler = new RecordingHandler(org.Answer);

        var pages = await ReadAsync(Gateway(handler), null);

        var tracked = handler.Sent.Where(r => r.Header("Prefer")?.Contains("odata.track-changes", StringComparison.Ordinal) == true && !r.Url.Contains("$skiptoken", StringComparison.Ordinal)).Select(r => r.Url.Split('?')[0]).ToList();
        Assert.Equal([RecordingHandler.Root + "cs_subscriptions", RecordingHandler.Root + "cs_usages", RecordingHandler.Root + "accounts"], tracked);
        Assert.All(handler.Sent.Where(r => r.Method == "GET" && !r.Url.Contains("EntityDefinitions", StringComparison.Ordinal)),
            r => Assert.Contains("odata.maxpagesize=5000", r.Header("Prefer"), StringComparison.Ordinal));
        Assert.Contains(handler.Sent, r => r.Url == RecordingHandler.Root + "accounts?$select=accountid&$skiptoken=page2");
        Assert.Single(handler.Sent, r => r.Url.Contains("EntityDefinitions", StringComparison.Ordinal));
        Assert.Single(handler.Sent, r => r.Url.Contains("cs_upgradeproposals", StringComparison.Ordinal));
        Assert.DoesNotContain(handler.Sent, r => r.Method == "POST");
        var accounts = pages.SelectMany(p => p.Accounts).ToList();
        Assert.Equal([From, To], accounts.Select(a => a.Account.Id));
        Assert.Equal(Ana, accounts[0].Account.CsmId);
        Assert.Equal(License, Assert.Single(accounts[0].Subscriptions).Id);
        Assert.Empty(accounts[1].Subscriptions);
        Assert.Contains("$deltatoken", pages[^1].Watermark, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_full_read_resumed_from_a_page_in_the_middle_reads_from_that_accounts_page_and_returns_only_what_follows()
    {
        var org = new Org();
        var first = await ReadAsync(Gateway(new RecordingHandler(org.Answer)), null);
        var handler = new RecordingHandler(org.Answer);

        var rest = await ReadAsync(Gateway(handler), first[0].Watermark);

        Assert.Equal([To], rest.SelectMany(p => p.Accounts).Select(a => a.Account.Id));
        Assert.DoesNotContain(handler.Sent, r => r.Url.StartsWith(RecordingHandler.Root + "accounts?$select=accountid,name", StringComparison.Ordinal));
        Assert.Equal(first[^1].Watermark, rest[^1].Watermark);
    }

    [Fact]
    public async Task A_license_moved_to_another_account_is_a_change_of_both_accounts()
    {
        var org = new Org();
        var gateway = Gateway(new RecordingHandler(org.Answer));
        var watermark = (await ReadAsync(gateway, null))[^1].Watermark;

        org.LicenseAccount = To;
        org.Version = 20;
        var pages = await ReadAsync(gateway, watermark);

        Assert.Equal([From, To], pages.SelectMany(p => p.Accounts).Select(a => a.Account.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task An_expired_delta_token_makes_the_read_a_full_read_with_new_delta_links()
    {
        var org = new Org();
        var handler = new RecordingHandler(org.Answer);
        var gateway = Gateway(handler);
        var watermark = (await ReadAsync(gateway, null))[^1].Watermark;

        org.Expired = true;
        var pages = await ReadAsync(gateway, watermark);

        Assert.Equal([From, To], pages.SelectMany(p => p.Accounts).Select(a => a.Account.Id));
        Assert.Equal(6, handler.Sent.Count(r => r.Header("Prefer")?.Contains("odata.track-changes", StringComparison.Ordinal) == true && !r.Url.Contains("$skiptoken", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_watermark_the_gateway_did_not_write_is_an_error_that_says_what_was_expected()
    {
        var error = Assert.Throws<FormatException>(() => DataverseWatermark.Parse("12345"));

        Assert.Contains("delta links of account, cs_subscription and cs_usage", error.Message, StringComparison.Ordinal);
    }
}
