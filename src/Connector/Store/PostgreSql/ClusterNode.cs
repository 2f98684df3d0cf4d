using System.Globalization;

namespace CrmSuite.Connector.Store.PostgreSql;

/// <summary>
/// This process as one node of a cluster on a PostgreSQL state store: the name its connections carry
/// (<c>application_name</c>, so another node can tell whether it is still connected) and how long its outbox claims last.
/// </summary>
/// <param name="Id">Unique per process: <c>crmsuite host/pid/random</c>, at most 63 bytes (PostgreSQL's limit).</param>
/// <param name="OutboxLease">How long a claim on outbox rows keeps other nodes off them before they may take them over.</param>
internal sealed record ClusterNode(string Id, TimeSpan OutboxLease)
{
    public static readonly TimeSpan DefaultOutboxLease = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The SQL function (migration 0014) true while a node id has a connection to this database: every connection of a
    /// node names it (<c>application_name</c>), and a node that died or restarted has none left once the server saw its
    /// sockets close. Its claims and in-flight rows are then free at once, without waiting for their lease.
    /// </summary>
    public const string Connected = "crmsuite_node_connected";

    public static ClusterNode Create(TimeSpan outboxLease)
    {
        var host = Environment.MachineName.Length <= 30 ? Environment.MachineName : Environment.MachineName[..30];
        var suffix = Random.Shared.Next(0, 1 << 24).ToString("x6", CultureInfo.InvariantCulture);
        return new ClusterNode($"crmsuite {host}/{Environment.ProcessId}/{suffix}", outboxLease);
    }
}
