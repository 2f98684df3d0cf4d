namespace CrmSuite.Connector.Webhooks;

/// <summary>
/// Where accepted webhook events wait until they are handled: a SQLite file of the node's own (<see cref="WebhookInbox"/>)
/// or, on a cluster, the shared PostgreSQL state store (the PostgreSQL store's own inbox), so an event any node received is
/// stored once and handled by one node once.
/// </summary>
internal interface IWebhookInbox
{
    Task<InboxReceipt> AcceptAsync(WebhookEvent e, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="max"/> events waiting, oldest first; on a cluster, claimed for this node until recorded.</summary>
    Task<IReadOnlyList<PendingWebhookEvent>> ReadPendingAsync(int max, CancellationToken cancellationToken);

    /// <summary>Records what handling the events did; <paramref name="handled"/> false leaves them pending with one more attempt.</summary>
    Task RecordAsync(IReadOnlyList<long> ids, bool handled, string result, DateTimeOffset at, CancellationToken cancellationToken);
}
