namespace CrmSuite.Connector.Store;

/// <summary>Where an import of subscription history writes, inside the store's one transaction.</summary>
internal interface ISubscriptionHistorySink
{
    /// <summary>
    /// The file holds <paramref name="subscriptionId"/>'s history: the movements an earlier import wrote for it are removed
    /// and a first sighting an earlier import set aside is put back (the sync's and the proposals' movements stay). Returns
    /// the sync's first sighting of the subscription, if the sync has seen it.
    /// </summary>
    FirstSighting? Replace(string accountId, string subscriptionId);

    /// <summary>The history takes the place of the subscription's first sighting: that movement moves out of the ledger.</summary>
    void SetAside(FirstSighting sighting);

    void Add(MrrMovement movement);

    /// <summary>The subscription's state at its last row: the sync's last-seen license, when the sync has not seen it yet.</summary>
    void LastSeen(MrrSnapshot snapshot);
}

/// <summary>
/// The sync's first movement of a subscription, a <c>new</c> on its start date with what the CRM showed then, and the day of
/// the next movement the connector wrote for it (a change it saw itself), if any.
/// </summary>
internal sealed record FirstSighting(long MovementId, DateOnly Day, MrrSnapshot Seen, DateOnly? NextObserved);

/// <summary>What an import of subscription history changed in the ledger.</summary>
internal sealed record SubscriptionHistoryWrite(int Replaced, int Added, int LastSeenSet, int SetAside);

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
