using CrmSuite.Connector.Sync;
using CrmSuite.Plugins.Handlers;

namespace CrmSuite.Connector.Webhooks;

/// <summary>The handlers' requests, served by the connector's own event paths and sync (through the sync gate).</summary>
internal sealed class ConnectorPluginActions(SyncCycle cycle, DiscountReview discounts) : IPluginActions
{
    public async Task<string> ApplyPendingTaskOutcomesAsync(CancellationToken cancellationToken)
    {
        var (applied, delivered) = await cycle.ApplyPendingTaskEventsAsync(cancellationToken);
        return $"{applied.Count} task outcome(s) applied ({string.Join("; ", applied.Select(a => a.ToString()))}); {delivered.Delivered} CRM write(s) delivered";
    }

    public async Task<string> ApplyPendingProposalAnswersAsync(CancellationToken cancellationToken)
    {
        var (applied, delivered) = await cycle.ApplyPendingProposalEventsAsync(cancellationToken);
        return $"{applied.Count} proposal event(s) applied; {delivered.Delivered} CRM write(s) delivered";
    }

    public async Task<string> EvaluateChangedAccountsAsync(string accountId, CancellationToken cancellationToken)
    {
        var summary = await cycle.RunAsync(SyncMode.Incremental, cancellationToken);
        return summary.ToString();
    }

    public Task<string> ReviewDiscountAsync(string table, Guid rowId, CancellationToken cancellationToken) =>
        discounts.ReviewAsync(table, rowId, cancellationToken);
}
