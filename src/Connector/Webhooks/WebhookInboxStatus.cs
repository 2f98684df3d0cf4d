using Microsoft.Data.Sqlite;

namespace CrmSuite.Connector.Webhooks;

/// <summary>What the webhook inbox holds, for <c>crmsuite status</c>: read-only, and nothing when no webhook has been received.</summary>
internal sealed record WebhookInboxStatus(long Accepted, long Handled, long Waiting, string? LastFailure)
{
    /// <summary>The counts and the last failure, in SQL both inboxes (the SQLite file, the cluster's PostgreSQL table) read alike.</summary>
    public const string Query = """
        SELECT COUNT(*), COUNT(handled_at), COUNT(*) - COUNT(handled_at),
            (SELECT result FROM webhook_events WHERE handled_at IS NULL AND attempts > 0 ORDER BY id DESC LIMIT 1)
        FROM webhook_events
        """;

    public static async Task<WebhookInboxStatus?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var builder = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false, DefaultTimeout = 30 };
        await using var connection = new SqliteConnection(builder.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = Query;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new WebhookInboxStatus(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.IsDBNull(3) ? null : reader.GetString(3));
    }

    public override string ToString() =>
        $"{Accepted} accepted, {Handled} handled, {Waiting} waiting" + (LastFailure is null ? "" : $"; last failure: {LastFailure}");
}
