namespace CrmSuite.Connector.Store;

/// <summary>The MRR ledger's movements read back, for the backtest's license history (read only).</summary>
internal interface IMrrHistory
{
    /// <summary>
    /// Every movement dated after <paramref name="after"/>, in account-id then day order; nothing when the state store does
    /// not exist yet (no sync has run). Opens nothing for writing.
    /// </summary>
    IAsyncEnumerable<MrrMovement> ReadMovementsAsync(DateOnly after, CancellationToken cancellationToken);
}
