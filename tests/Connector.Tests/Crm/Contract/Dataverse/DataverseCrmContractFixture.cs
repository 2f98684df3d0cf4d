using System.Net.Http.Headers;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using CrmSuite.Connector.Crm;
using CrmSuite.Connector.Crm.Dataverse.Gateway;
using CrmSuite.DataverseEmulator;
using CrmSuite.DataverseEmulator.Store;
using CrmSuite.PlaybookEngine.Accounts;
using Emulator = CrmSuite.DataverseEmulator.DataverseEmulator;

namespace CrmSuite.Connector.Tests.Crm.Contract.Dataverse;

/// <summary>
/// The Dataverse gateway under the contract, over real HTTP against the Dataverse emulator on loopback with the CrmSuite
/// schema deployed through its metadata endpoints. Seeding and the changes a Dynamics 365 user makes go through the
/// emulator's test hooks (each bumps versionnumber and feeds change tracking); the contract's names become GUIDs at the
/// port's edge (<see cref="ContractIds"/>).
/// </summary>
public sealed class DataverseCrmContractFixture : CrmContractFixture
{
    private readonly bool _owner;
    private readonly ContractIds _ids;
    private Emulator? _emulator;
    private HttpClient? _http;
    private ContractIds.Renaming? _port;
    private int _touches;

    public DataverseCrmContractFixture()
        : this(null, new ContractIds(), null)
    {
    }

    private DataverseCrmContractFixture(Emulator? emulator, ContractIds ids, FakeTimeProvider? clock)
        : base(clock)
    {
        _owner = emulator is null;
        _emulator = emulator;
        _ids = ids;
        if (emulator is not null)
        {
            Connect(emulator);
        }
    }

    private Emulator Org => _emulator ?? throw new InvalidOperationException("The emulator starts in InitializeAsync.");

    private ContractIds.Renaming Port => _port ?? throw new InvalidOperationException("The gateway is made in InitializeAsync.");

    internal override ICrmAccounts Accounts => Port;

    internal override ICrmWriter Writer => Port;

    internal override ICrmTaskEvents TaskEvents => Port;

    internal override ICrmWorkQueue WorkQueue => Port;

    internal override ICrmProposals Proposals => Port;

    internal override ICrmLicenses Licenses => Port;

    internal override ICrmUpgradeStatus UpgradeStatus => Port;

    public override async Task InitializeAsync()
    {
        _emulator = await Emulator.StartAsync(new EmulatorOptions { Time = Clock });
        await CrmSuiteSchema.DeployAsync(_emulator);
        Connect(_emulator);
    }

    private void Connect(Emulator emulator)
    {
        _http = new HttpClient { BaseAddress = emulator.ServiceRoot };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", emulator.Options.AccessToken);
        var gateway = new DataverseGateway(_http, Options.Create(new DataverseGatewayOptions()), Clock, NullLogger<DataverseGateway>.Instance);
        _port = _ids.Port(gateway);
    }

    internal override Task SeedAsync(IReadOnlyCollection<SeedAccount> accounts, IReadOnlyCollection<CrmUser> users)
    {
        foreach (var user in users)
        {
            Org.Seed("systemuser", new Dictionary<string, object?>
            {
                ["systemuserid"] = Guid.Parse(_ids.Guid(user.Id)),
                ["fullname"] = user.Name,
                ["internalemailaddress"] = user.Email,
                ["isdisabled"] = false,
                ["cs_csrole"] = user.Role,
            });
        }

        foreach (var seed in accounts)
        {
            var account = _ids.ToCrm(seed.Account);
            var values = new Dictionary<string, object?>
            {
                ["accountid"] = Guid.Parse(account.Id),
                ["name"] = account.Name,
                ["cs_segment"] = account.Segment,
                ["cs_industry"] = account.Industry,
                ["cs_lifecyclestage"] = account.LifecycleStage,
                ["cs_hourlycost"] = account.HourlyCost,
            };
            if (account.CsmId is { } csm)
            {
                values["ownerid"] = new EntityReference("systemuser", Guid.Parse(csm));
            }

            Org.Seed("account", values);
            foreach (var subscription in seed.Subscriptions)
            {
                Org.Seed("cs_subscription", Subscription(_ids.ToCrm(subscription), withId: true));
            }

            if (seed.Usage is { } usage)
            {
                Org.Seed("cs_usage", Usage(_ids.ToCrm(usage)));
            }
        }

        return Task.CompletedTask;
    }

    internal override async Task<Account> TouchAccountAsync(string accountId)
    {
        Org.Change("account", Guid.Parse(_ids.Guid(accountId)), new Dictionary<string, object?> { ["name"] = $"Account {accountId} (edit {++_touches})" });
        return (await Port.ReadAccountsAsync([accountId], CancellationToken.None)).Single().Account;
    }

    internal override Task UpsertSubscriptionAsync(Subscription subscription)
    {
        var s = _ids.ToCrm(subscription);
        if (Org.Find("cs_subscription", Guid.Parse(s.Id)) is null)
        {
            Org.Seed("cs_subscription", Subscription(s, withId: true));
        }
        else
        {
            Org.Change("cs_subscription", Guid.Parse(s.Id), Subscription(s, withId: false));
        }

        return Task.CompletedTask;
    }

    internal override Task UpsertUsageAsync(UsageSnapshot usage)
    {
        var u = _ids.ToCrm(usage);
        var existing = UsageRow(u.AccountId);
        if (existing is null)
        {
            Org.Seed("cs_usage", Usage(u));
        }
        else
        {
            Org.Change("cs_usage", existing.Value, Usage(u));
        }

        return Task.CompletedTask;
    }

    internal override Task MoveSubscriptionAsync(string subscriptionId, string toAccountId)
    {
        Org.Change("cs_subscription", Guid.Parse(_ids.Guid(subscriptionId)),
            new Dictionary<string, object?> { ["cs_accountid"] = new EntityReference("account", Guid.Parse(_ids.Guid(toAccountId))) });
        return Task.CompletedTask;
    }

    internal override Task DeleteAccountAsync(string accountId)
    {
        var id = Guid.Parse(_ids.Guid(accountId));
        foreach (var row in Org.Rows("cs_subscription").Where(r => Refers(r, "cs_accountid", id)).ToList())
        {
            Org.Delete("cs_subscription", (Guid)row["cs_subscriptionid"]!);
        }

        if (UsageRow(id.ToString("D")) is { } usage)
        {
            Org.Delete("cs_usage", usage);
        }

        Org.Delete("account", id);
        return Task.CompletedTask;
    }

    internal override Task<StoredStage?> ReadStageAsync(string accountId, string playbookId)
    {
        var key = DataverseGateway.StageKey(_ids.Guid(accountId), playbookId);
        var row = Org.Rows("cs_playbookstage").FirstOrDefault(r => (string?)r["cs_stagekey"] == key);
        return Task.FromResult(row is null ? null : new StoredStage((string)row["cs_name"]!, (string)row["cs_stage"]!, Convert.ToInt32(row["cs_step"], System.Globalization.CultureInfo.InvariantCulture)));
    }

    internal override Task<CrmContractFixture> ReopenAsync() => Task.FromResult<CrmContractFixture>(new DataverseCrmContractFixture(Org, _ids, Clock));

    public override async ValueTask DisposeAsync()
    {
        _http?.Dispose();
        if (_owner && _emulator is not null)
        {
            await _emulator.DisposeAsync();
        }
    }

    private Guid? UsageRow(string accountId)
    {
        var id = Guid.Parse(accountId);
        return Org.Rows("cs_usage").FirstOrDefault(r => Refers(r, "cs_accountid", id)) is { } row ? (Guid)row["cs_usageid"]! : null;
    }

    private static bool Refers(IReadOnlyDictionary<string, object?> row, string lookup, Guid id) =>
        row.TryGetValue(lookup, out var value) && value is EntityReference reference && reference.Id == id;

    private static Dictionary<string, object?> Subscription(Subscription s, bool withId)
    {
        var values = new Dictionary<string, object?>
        {
            ["cs_name"] = $"{s.Product} {s.Tier}",
            ["cs_accountid"] = new EntityReference("account", Guid.Parse(s.AccountId)),
            ["cs_product"] = s.Product,
            ["cs_tier"] = s.Tier,
            ["cs_seats"] = s.Seats,
            ["cs_seatsused"] = s.SeatsUsed,
            ["cs_billingperiod"] = s.BillingPeriod == BillingPeriod.Annual ? "annual" : "monthly",
            ["cs_termmonths"] = s.TermMonths,
            ["cs_startdate"] = s.StartDate,
            ["cs_renewaldate"] = s.RenewalDate,
            ["cs_mrr"] = s.Mrr,
            ["cs_currency"] = s.Currency,
            ["cs_status"] = s.Status.ToString().ToLowerInvariant(),
            ["cs_trialtier"] = s.TrialTier,
            ["cs_trialend"] = s.TrialEnd,
        };
        if (withId)
        {
            values["cs_subscriptionid"] = Guid.Parse(s.Id);
        }

        return values;
    }

    private static Dictionary<string, object?> Usage(UsageSnapshot u) => new()
    {
        ["cs_name"] = "usage",
        ["cs_accountid"] = new EntityReference("account", Guid.Parse(u.AccountId)),
        ["cs_asof"] = u.AsOf,
        ["cs_activeusers30d"] = u.ActiveUsers30d,
        ["cs_featureadoption"] = u.FeatureAdoption,
        ["cs_health"] = u.Health,
        ["cs_healthchange30d"] = u.HealthChange30d,
        ["cs_opentickets"] = u.OpenTickets,
        ["cs_nps"] = u.Nps,
        ["cs_seatutilizationmin28d"] = u.SeatUtilizationMin28d,
        ["cs_usagegrowth30d"] = u.UsageGrowth30d,
        ["cs_dayssincelastlogin"] = u.DaysSinceLastLogin,
    };
}
