using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using CrmSuite.Connector.Crm.Dataverse.Registration;
using CrmSuite.Connector.Sync;
using CrmSuite.Connector.Tests.Support;
using CrmSuite.Connector.Tests.Web;
using CrmSuite.DataverseEmulator;
using CrmSuite.DataverseEmulator.Store;
using Organisation = CrmSuite.DataverseEmulator.DataverseEmulator;

namespace CrmSuite.Connector.Tests.Dataverse.Plugins;

/// <summary>
/// The organisation and connector of a plugin round trip: the schema deployed and the plugins registered in the emulated
/// organisation, pointing at the connector's web host on loopback, and what the tests read and write there.
/// </summary>
public abstract class PluginRoundTrip : IAsyncLifetime
{
    protected static readonly Guid DealDesk = new("dea1de5c-0000-4000-8000-000000000001");

    private readonly TempFolder _folder = new();
    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));
    private Organisation? _emulator;
    private ConnectorWebHost? _connector;

    protected Organisation Dv => _emulator!;

    private protected ConnectorWebHost Connector => _connector!;

    public async Task InitializeAsync()
    {
        _emulator = await Organisation.StartAsync(new EmulatorOptions { Time = Time });
        await CrmSuiteSchema.DeployAsync(_emulator);
        CrmSuiteAccounts.Seed(_emulator, 3, _ => 5);
        _emulator.Seed("systemuser", new Dictionary<string, object?> { ["systemuserid"] = DealDesk, ["fullname"] = "Deal Desk", ["isdisabled"] = false });
        _connector = await ConnectorWebHost.StartAsync(_emulator, _folder, Time, WorkQueuePlaybooks.Write(_folder), DealDesk.ToString("D"));
        await Connector.Services.GetRequiredService<SyncCycle>().RunAsync(SyncMode.Incremental, CancellationToken.None);
        var output = new StringWriter();
        var registered = await Connector.Services.GetRequiredService<PluginRegistrar>()
            .RegisterAsync(Connector.Address, WebhookCredential.Key(ConnectorWebHost.Key), output, CancellationToken.None);
        Assert.True(registered.Succeeded, string.Join("\n", registered.Missing));
    }

    public async Task DisposeAsync()
    {
        if (_connector is not null)
        {
            await _connector.DisposeAsync();
        }

        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }

        _folder.Dispose();
    }

    protected Guid Quote(decimal discount) => Dv.Seed("quote", new Dictionary<string, object?>
    {
        ["name"] = "Contoso renewal",
        ["discountpercentage"] = discount,
        ["cs_tier"] = "professional",
        ["cs_seats"] = 50,
        ["cs_billingperiod"] = "annual",
        ["cs_termyears"] = 2,
        ["cs_currency"] = "USD",
    });

    protected async Task<HttpResponseMessage> PostAsync(string body)
    {
        using var http = new HttpClient { BaseAddress = Connector.Address };
        return await http.PostAsync($"plugins?code={ConnectorWebHost.Key}", new StringContent(body, Encoding.UTF8, "application/json"));
    }

    protected HttpClient EmulatorClient()
    {
        var http = new HttpClient { BaseAddress = Dv.ServiceRoot };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Dv.Options.AccessToken);
        http.DefaultRequestHeaders.Add("OData-MaxVersion", "4.0");
        http.DefaultRequestHeaders.Add("OData-Version", "4.0");
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return http;
    }

    /// <summary>
    /// Waits until the emulator has posted every queued asynchronous call and the connector has handled every event its inbox
    /// accepted (bounded; the condition ends the wait). Handling may write to Dataverse and cause further calls: both are
    /// checked again until neither has work.
    /// </summary>
    protected async Task UntilConnectorDoneAsync()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (true)
        {
            await Dv.PluginsIdleAsync().WaitAsync(deadline.Token);
            if (await TestPipeline.StateScalar(Connector.InboxPath, "SELECT COUNT(*) FROM webhook_events WHERE handled_at IS NULL") == 0)
            {
                await Dv.PluginsIdleAsync().WaitAsync(deadline.Token);
                if (await TestPipeline.StateScalar(Connector.InboxPath, "SELECT COUNT(*) FROM webhook_events WHERE handled_at IS NULL") == 0)
                {
                    return;
                }
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), deadline.Token);
        }
    }

    protected string? StateOf(Guid account) =>
        (string?)Dv.Rows("cs_playbookstage").SingleOrDefault(r => Refers(r, "cs_accountid", account))?["cs_stage"];

    protected Guid TaskOf(Guid account, string state) =>
        (Guid)Dv.Rows("task").Single(r => Refers(r, "regardingobjectid", account) && (string?)r["cs_state"] == state)["activityid"]!;

    protected static bool Refers(IReadOnlyDictionary<string, object?> row, string lookup, Guid id) =>
        row.TryGetValue(lookup, out var value) && value is EntityReference reference && reference.Id == id;
}
