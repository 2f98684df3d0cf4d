namespace CrmSuite.Connector.Crm;

/// <summary>
/// The port to a CRM. Reads stream page by page from a watermark (so a Web API with <c>@odata.nextLink</c> fits);
/// writes are batches of upserts keyed by idempotency key, so delivering the same batch twice changes nothing.
/// </summary>
internal interface ICrmGateway
{
    /// <summary>Accounts changed after <paramref name="watermark"/> (all accounts when null), oldest change first.</summary>
    IAsyncEnumerable<CrmPage> ReadChangedAccountsAsync(string? watermark, int pageSize, CancellationToken cancellationToken);

    /// <summary>How many accounts changed after <paramref name="watermark"/>, or null when the CRM cannot say cheaply.</summary>
    Task<long?> CountChangedAccountsAsync(string? watermark, CancellationToken cancellationToken);

    /// <summary>The CRM's users who own accounts (CSMs and their managers).</summary>
    IAsyncEnumerable<CrmUser> ReadUsersAsync(CancellationToken cancellationToken);

    /// <summary>Upserts tasks, proposals and playbook stages by key; a row that already exists with that key is left untouched.</summary>
    Task UpsertAsync(CrmWriteBatch batch, CancellationToken cancellationToken);
}
