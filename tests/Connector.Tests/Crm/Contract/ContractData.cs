using System.Collections.Immutable;
using CrmSuite.Connector.Crm;
using CrmSuite.PlaybookEngine.Accounts;
using CrmSuite.PlaybookEngine.Runtime;

namespace CrmSuite.Connector.Tests.Crm.Contract;

/// <summary>An account as a contract test seeds it: the account, its licenses and its latest usage (if any).</summary>
internal sealed record SeedAccount(Account Account, ImmutableArray<Subscription> Subscriptions, UsageSnapshot? Usage);

/// <summary>Test accounts for the CRM contract with sensible defaults; each test states only what matters to it.</summary>
internal sealed record ContractAccount(string Id, string CsmId = ContractData.CsmAna, int Subscriptions = 1, bool WithUsage = true)
{
    public SeedAccount Build() => new(
        new Account(Id, $"Account {Id}", "mid_market", "software", "adoption", CsmId, 60m),
        [.. Enumerable.Range(1, Subscriptions).Select(n => ContractData.Subscription($"{Id}-S{n}", Id))],
        WithUsage ? ContractData.Usage(Id) : null);

    /// <summary><paramref name="count"/> accounts C001, C002, … owned by <paramref name="csmId"/>.</summary>
    public static IReadOnlyList<ContractAccount> Many(int count, string csmId = ContractData.CsmAna, int first = 1) =>
        [.. Enumerable.Range(first, count).Select(i => new ContractAccount($"C{i:D3}", csmId))];
}

/// <summary>Values and builders shared by the CRM contract tests.</summary>
internal static class ContractData
{
    public const string CsmAna = "U1";
    public const string CsmBen = "U2";
    public const string Manager = "M1";
    public const string Playbook = "seat-expansion";

    public static readonly DateOnly Today = new(2026, 11, 24);

    /// <summary>The instant contract tests start at (whole seconds, so every CRM can store it exactly).</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);

    public static ImmutableArray<CrmUser> Users { get; } =
    [
        new(CsmAna, "Ana Alves", "ana.alves@crmsuite.example", "csm"),
        new(CsmBen, "Ben Brandt", "ben.brandt@crmsuite.example", "csm"),
        new(Manager, "Mia Moreau", "mia.moreau@crmsuite.example", "manager"),
    ];

    public static Subscription Subscription(string id, string accountId, int seats = 10, int seatsUsed = 5) =>
        new(id, accountId, "crmsuite", "professional", seats, seatsUsed, BillingPeriod.Annual, 12, Today.AddDays(-200), Today.AddDays(165),
            290.50m, "USD", SubscriptionStatus.Active);

    public static UsageSnapshot Usage(string accountId, int health = 70) =>
        new(accountId, Today, 5, 0.5m, health, -3, 2, 30, 0.45m, 0.012m, 1);

    public static Reason Reason(string from = "CheckIn", string to = "Offer") =>
        new(from, to, "seat_utilization >= 90% for 14 days",
        [
            new SignalReading("seat_utilization", "92%"),
            new SignalReading("days_to_renewal", "120"),
        ]);

    public static CrmTask Task(
        string key,
        string accountId,
        string state = "CheckIn",
        string subject = "Check in on seat growth",
        DateOnly? due = null,
        TaskPriority priority = TaskPriority.Normal,
        string playbookId = Playbook,
        int version = 1,
        Reason? reason = null,
        DateTimeOffset? createdAt = null) =>
        new(key, accountId, playbookId, version, reason ?? Reason("Start", state), state, subject, due ?? Today.AddDays(3), "csm", priority,
            ["reached", "no_answer"], createdAt ?? Now);

    public static CrmProposal Proposal(
        string key,
        string accountId,
        string state = "CheckIn",
        string offerId = "professional-to-enterprise",
        string playbookId = Playbook,
        int version = 1,
        DateOnly? issuedOn = null) =>
        new(key, accountId, playbookId, version, Reason("Start", state), state, offerId, issuedOn ?? Today, (issuedOn ?? Today).AddDays(30));

    public static CrmPlaybookStage Stage(string key, string accountId, string stage, int step, string playbookId = Playbook) =>
        new(key, accountId, playbookId, 1, Reason("Start", stage), stage, step, Now.AddMinutes(step));

    public static CrmWriteBatch Batch(params CrmWrite[] writes) => CrmWriteBatch.Of(writes);
}

/// <summary>A playbook stage as the CRM stores it, read back through a test-only hook (the port has no read for stages).</summary>
internal sealed record StoredStage(string Key, string Stage, int Step);
