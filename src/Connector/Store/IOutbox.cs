using CrmSuite.Connector.Crm;

namespace CrmSuite.Connector.Store;

/// <summary>A CRM write stored in the outbox, not yet known to be delivered.</summary>
internal sealed record PendingWrite(long Id, CrmWrite Write);

/// <summary>The outbox's delivery side: pending CRM writes in the order they were committed, and their delivery marks.</summary>
internal interface IOutbox
{
    /// <summary>Up to <paramref name="max"/> undelivered writes, oldest first.</summary>
    Task<IReadOnlyList<PendingWrite>> ReadPendingAsync(int max, CancellationToken cancellationToken);

    Task MarkDeliveredAsync(IReadOnlyList<long> ids, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Counts a failed attempt and keeps the error; the writes stay pending.</summary>
    Task MarkFailedAsync(IReadOnlyList<long> ids, string error, CancellationToken cancellationToken);
}
