using CrmSuite.Connector.Crm;

namespace CrmSuite.Connector.Tests.Dataverse.EndToEnd;

/// <summary>
/// Stops the connector the moment its <c>writes</c>-th batch of CRM writes has reached Dataverse, before the connector
/// could mark it delivered: the in-process stand-in for a process killed in the middle of delivery.
/// </summary>
internal sealed class CrashAfterWrites(ICrmWriter inner, int writes, CancellationTokenSource crash) : ICrmWriter
{
    private int _done;

    public async Task UpsertAsync(CrmWriteBatch batch, CancellationToken cancellationToken)
    {
        await inner.UpsertAsync(batch, cancellationToken);
        if (Interlocked.Increment(ref _done) == writes)
        {
            await crash.CancelAsync();
            throw new OperationCanceledException(crash.Token);
        }
    }
}
