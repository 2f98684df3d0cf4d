namespace CrmSuite.Connector.Store;

/// <summary>Where an import of subscription history writes, inside the store's one transaction.</summary>
internal interface ISubscriptionHistorySink
{
    /// <summary>
    /// The file holds <paramref name="subscriptionId"/>'s history: the movements an earlier import wrote for it are removed
    /// (the sync's and the proposals' movements stay).
    /// </summary>
    void Replace(string subscriptionId);

    void Add(MrrMovement movement);

    /// <summary>The subscription's state at its last row: the sync's last-seen license, when the sync has not seen it yet.</summary>
    void LastSeen(MrrSnapshot snapshot);
}

/// <summary>What an import of subscription history changed in the ledger.</summary>
internal sealed record SubscriptionHistoryWrite(int Replaced, int Added, int LastSeenSet);

/// <summary>The state store's side of <c>crmsuite import --subscription-history</c>.</summary>
internal interface ISubscriptionHistoryStore
{
    /// <summary>The state store's file, for messages.</summary>
    string Location { get; }

    /// <summary>
    /// Runs <paramref name="read"/> inside one transaction on the ledger; commits what it handed to the sink when it
    /// returns true, rolls everything back otherwise (or when it throws).
    /// </summary>
    SubscriptionHistoryWrite Import(Func<ISubscriptionHistorySink, bool> read);
}
