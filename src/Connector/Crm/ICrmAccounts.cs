namespace CrmSuite.Connector.Crm;

/// <summary>
/// The CRM port's read side: accounts with their licenses, latest usage and contact history, streamed page by page
/// from an opaque watermark (a row version, a Dataverse delta token), and the users who own them.
/// </summary>
/// <remarks>
/// The contract every adapter keeps (tests/Connector.Tests/Crm/Contract states it as tests): within one read an account
/// appears at most once; every account that exists, unchanged, for the whole read appears in it; an account changed or
/// deleted during the read appears in this read or in the next read from its last watermark; a license moved from one
/// account to another is a change of both accounts; a deleted account appears once in <see cref="CrmPage.DeletedAccountIds"/>.
/// </remarks>
internal interface ICrmAccounts
{
    /// <summary>Accounts changed or deleted after <paramref name="watermark"/> (every account when null), oldest change first.</summary>
    IAsyncEnumerable<CrmPage> ReadChangedAccountsAsync(string? watermark, int pageSize, CancellationToken cancellationToken);

    /// <summary>How many accounts changed after <paramref name="watermark"/>, or null when the CRM cannot say cheaply.</summary>
    Task<long?> CountChangedAccountsAsync(string? watermark, CancellationToken cancellationToken);

    /// <summary>The given accounts, complete, in id order; ids the CRM does not hold are left out.</summary>
    Task<IReadOnlyList<CrmAccountRecord>> ReadAccountsAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken);

    /// <summary>The CRM's users who own accounts (CSMs and their managers).</summary>
    IAsyncEnumerable<CrmUser> ReadUsersAsync(CancellationToken cancellationToken);
}
