using CrmSuite.DataverseEmulator.Store;

namespace CrmSuite.DataverseEmulator;

/// <summary>
/// Bulk CrmSuite data for end-to-end tests and benchmarks: one CSM and <c>count</c> accounts, each with one annual
/// professional license (10 seats) and a usage row, seeded through the emulator's hooks (requires
/// <see cref="CrmSuiteSchema.DeployAsync"/> first). Ids are deterministic, so a test can name account <c>i</c>.
/// </summary>
public static class CrmSuiteAccounts
{
    public static readonly DateOnly Today = new(2026, 11, 24);

    public static readonly Guid CsmId = new("5eed0000-0000-4000-8000-00000000c5a1");

    public static Guid AccountId(int index) => Id(index, 1);

    public static Guid SubscriptionId(int index) => Id(index, 2);

    /// <summary>Seeds the CSM and accounts 1…<paramref name="count"/>; <paramref name="seatsUsed"/> gives account i's used seats (of 10).</summary>
    public static void Seed(DataverseEmulator emulator, int count, Func<int, int> seatsUsed)
    {
        if (emulator.Find("systemuser", CsmId) is null)
        {
            emulator.Seed("systemuser", new Dictionary<string, object?>
            {
                ["systemuserid"] = CsmId,
                ["fullname"] = "Casey Morgan",
                ["internalemailaddress"] = "casey@contoso.example",
                ["isdisabled"] = false,
                ["cs_csrole"] = "csm",
            });
        }

        var indexes = Enumerable.Range(1, count).ToList();
        emulator.SeedMany("account", indexes.Select(Account));
        emulator.SeedMany("cs_subscription", indexes.Select(i => Subscription(i, seatsUsed(i))));
        emulator.SeedMany("cs_usage", indexes.Select(i => Usage(i, seatsUsed(i))));
    }

    private static Guid Id(int index, byte kind) => new(index, 0x5eed, 0x4000, [0x80, kind, 0, 0, 0, 0, 0, 0]);

    private static Dictionary<string, object?> Account(int i) => new()
    {
        ["accountid"] = AccountId(i),
        ["name"] = $"Account {i:D6}",
        ["ownerid"] = new EntityReference("systemuser", CsmId),
        ["cs_segment"] = "mid_market",
        ["cs_industry"] = "software",
        ["cs_lifecyclestage"] = "adoption",
        ["cs_hourlycost"] = 60m,
    };

    private static Dictionary<string, object?> Subscription(int i, int seatsUsed) => new()
    {
        ["cs_subscriptionid"] = SubscriptionId(i),
        ["cs_name"] = "crmsuite professional",
        ["cs_accountid"] = new EntityReference("account", AccountId(i)),
        ["cs_product"] = "crmsuite",
        ["cs_tier"] = "professional",
        ["cs_seats"] = 10,
        ["cs_seatsused"] = seatsUsed,
        ["cs_billingperiod"] = "annual",
        ["cs_termmonths"] = 12,
        ["cs_startdate"] = Today.AddDays(-200),
        ["cs_renewaldate"] = Today.AddDays(165),
        ["cs_mrr"] = 290m,
        ["cs_currency"] = "USD",
        ["cs_status"] = "active",
    };

    private static Dictionary<string, object?> Usage(int i, int seatsUsed) => new()
    {
        ["cs_name"] = "usage",
        ["cs_accountid"] = new EntityReference("account", AccountId(i)),
        ["cs_asof"] = Today,
        ["cs_activeusers30d"] = seatsUsed,
        ["cs_featureadoption"] = 0.5m,
        ["cs_health"] = 70,
        ["cs_healthchange30d"] = 0,
        ["cs_opentickets"] = 0,
        ["cs_nps"] = 30,
        ["cs_seatutilizationmin28d"] = 0.5m,
        ["cs_usagegrowth30d"] = 0.01m,
        ["cs_dayssincelastlogin"] = 1,
    };
}
