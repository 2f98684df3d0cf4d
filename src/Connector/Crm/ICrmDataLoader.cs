using CrmSuite.PlaybookEngine.Accounts;

namespace CrmSuite.Connector.Crm;

/// <summary>
/// Bulk loading of accounts, licenses, usage and users (demo data, CSV import). Only a CRM the connector owns offers it
/// (the embedded CRM); a CRM of record such as Dataverse is loaded by its own tools.
/// </summary>
internal interface ICrmDataLoader
{
    /// <summary>Where the data lives, for messages (a file path).</summary>
    string Location { get; }

    /// <summary>True when the CRM holds no account.</summary>
    Task<bool> IsEmptyAsync(CancellationToken cancellationToken);

    /// <summary>The ids of every account the CRM holds (an import checks the licenses it loads for accounts already there).</summary>
    Task<IReadOnlySet<string>> ReadAccountIdsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Starts one all-or-nothing load; <paramref name="replace"/> removes everything the CRM holds first. Nothing is visible
    /// to readers until <see cref="ICrmLoad.CommitAsync"/>.
    /// </summary>
    Task<ICrmLoad> BeginLoadAsync(bool replace, CancellationToken cancellationToken);
}

/// <summary>One load in progress. Write an account's licenses and usage before the account, so a reader sees it complete.</summary>
internal interface ICrmLoad : IAsyncDisposable
{
    void WriteUser(CrmUser user);

    void WriteSubscription(Subscription subscription);

    void WriteUsage(UsageSnapshot usage);

    /// <summary>
    /// Records the usage an account had on <see cref="UsageSnapshot.AsOf"/> in its usage history (one row per account and
    /// day; a second write for the same day replaces the first), with the seats in use of its primary license that day
    /// when known. The latest usage is still written with <see cref="WriteUsage"/>.
    /// </summary>
    void WriteUsageHistory(UsageSnapshot usage, int? seatsUsed);

    void WriteAccount(Account account);

    /// <summary>
    /// Writes what an account's history left in the CRM — tasks and proposals with their fates, stages, applied events and
    /// license changes — after the account itself. Returns the highest event ids written so far.
    /// </summary>
    CrmEventIds WriteHistory(CrmAccountHistory history);

    Task CommitAsync(CancellationToken cancellationToken);
}
