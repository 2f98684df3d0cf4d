using Microsoft.Extensions.Time.Testing;
using CrmSuite.Connector.Crm;
using CrmSuite.PlaybookEngine.Accounts;

namespace CrmSuite.Connector.Tests.Crm.Contract;

/// <summary>
/// What the CRM contract needs from one adapter under test: the port objects, and a few test-only hooks through which the
/// test plays "someone changed the CRM" where the port has no such operation (a CRM of record is changed by its users, not
/// by the connector). One fixture per test, on storage of its own.
/// </summary>
public abstract class CrmContractFixture : IAsyncDisposable
{
    protected CrmContractFixture(FakeTimeProvider? clock = null) => Clock = clock ?? new FakeTimeProvider(ContractData.Now);

    /// <summary>The test's clock; a reopened fixture shares it.</summary>
    public FakeTimeProvider Clock { get; }

    internal abstract ICrmAccounts Accounts { get; }

    internal abstract ICrmWriter Writer { get; }

    internal abstract ICrmTaskEvents TaskEvents { get; }

    internal abstract ICrmWorkQueue WorkQueue { get; }

    internal abstract ICrmProposals Proposals { get; }

    internal abstract ICrmLicenses Licenses { get; }

    internal abstract ICrmUpgradeStatus UpgradeStatus { get; }

    /// <summary>Prepares empty storage (a file, an emulator's org) before the test runs.</summary>
    public virtual Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Puts accounts (with their licenses and usage) and users into the CRM, all visible at once.</summary>
    internal abstract Task SeedAsync(IReadOnlyCollection<SeedAccount> accounts, IReadOnlyCollection<CrmUser> users);

    /// <summary>A change to the account itself (its name): returns the account as the CRM now holds it.</summary>
    internal abstract Task<Account> TouchAccountAsync(string accountId);

    /// <summary>Adds a license to its account, or changes an existing one (same id) in place.</summary>
    internal abstract Task UpsertSubscriptionAsync(Subscription subscription);

    /// <summary>Replaces the account's latest usage.</summary>
    internal abstract Task UpsertUsageAsync(UsageSnapshot usage);

    /// <summary>Moves a license to another account (a re-parenting in the CRM).</summary>
    internal abstract Task MoveSubscriptionAsync(string subscriptionId, string toAccountId);

    /// <summary>Deletes the account with its licenses and usage.</summary>
    internal abstract Task DeleteAccountAsync(string accountId);

    /// <summary>The account's stored stage in a playbook, or null; the port writes stages but has no read for them.</summary>
    internal abstract Task<StoredStage?> ReadStageAsync(string accountId, string playbookId);

    /// <summary>
    /// A restart after a crash: a new adapter instance on the same storage and clock. The returned fixture does not own the
    /// storage; dispose it before this one.
    /// </summary>
    internal abstract Task<CrmContractFixture> ReopenAsync();

    public abstract ValueTask DisposeAsync();
}
