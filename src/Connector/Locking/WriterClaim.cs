namespace CrmSuite.Connector.Locking;

/// <summary>
/// A writer's claim that a database keeps rather than a lock file (the PostgreSQL state store's advisory lock): taken with
/// the data files' locks by every writing verb and the host, released when the process ends, however it ends.
/// </summary>
internal interface IWriterClaim
{
    /// <summary>What the claim guards, for messages (a server and database, never with credentials).</summary>
    string Resource { get; }

    DataWrites Role { get; }

    /// <summary>Takes the claim for <paramref name="holder"/>; null when another process holds it.</summary>
    IDisposable? TryTake(string holder);

    /// <summary>Who holds the claim now, or null when no process does.</summary>
    string? Holder();
}
