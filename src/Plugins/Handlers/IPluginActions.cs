namespace CrmSuite.Plugins.Handlers;

/// <summary>
/// What a handler can ask of the connector: the same paths the work queue and the sync use, so an event that reaches the
/// connector by webhook is applied exactly as one found by the next sync. Each returns a short account of what it did.
/// </summary>
internal interface IPluginActions
{
    /// <summary>Applies the task outcomes the CRM holds and the connector has not yet applied, and delivers what they cause.</summary>
    Task<string> ApplyPendingTaskOutcomesAsync(CancellationToken cancellationToken);

    /// <summary>Applies the proposal answers (accepted, declined, expired) not yet applied: license transition, quiet period.</summary>
    Task<string> ApplyPendingProposalAnswersAsync(CancellationToken cancellationToken);

    /// <summary>Evaluates the accounts changed in the CRM now (the account named among them), not at the next scheduled sync.</summary>
    Task<string> EvaluateChangedAccountsAsync(string accountId, CancellationToken cancellationToken);

    /// <summary>
    /// Reads the quote or opportunity, measures its discount against the price book, writes the verdict on the row and, for a
    /// discount that needs approval, opens the deal desk's task (once per version of the deal's terms).
    /// </summary>
    Task<string> ReviewDiscountAsync(string table, Guid rowId, CancellationToken cancellationToken);
}
