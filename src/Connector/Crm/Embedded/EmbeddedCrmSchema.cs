using Microsoft.Data.Sqlite;
using CrmSuite.Connector.Sqlite;

namespace CrmSuite.Connector.Crm.Embedded;

/// <summary>
/// The embedded CRM's tables, created and migrated by the connector's one migration scheme from the scripts in
/// Crm/Embedded/Migrations. Every account carries <c>modified_seq</c>, a row version bumped whenever the account, one of
/// its subscriptions or its usage changes (triggers); a deleted account leaves a tombstone with a row version of its own.
/// </summary>
internal static class EmbeddedCrmSchema
{
    /// <summary>
    /// The next row version: above every account's, every tombstone's and the floor a reset (<c>demo seed</c>) leaves
    /// behind, so row versions never go back and a stored watermark never skips new rows.
    /// </summary>
    public const string NextRowVersion = """
        (SELECT MAX(v) + 1 FROM (SELECT COALESCE(MAX(modified_seq), 0) AS v FROM accounts UNION ALL SELECT COALESCE(MAX(modified_seq), 0) FROM deleted_accounts UNION ALL SELECT value FROM crm_meta WHERE name = 'row_version_floor'))
        """;

    private static readonly SqliteMigrator Migrator = new("CrmSuite.Connector.Crm.Embedded.Migrations.", "embedded CRM");

    /// <summary>Opens (creating if needed) the embedded CRM at <paramref name="path"/> and applies pending migrations.</summary>
    public static async Task<SqliteConnection> OpenAsync(string path, TimeProvider time, CancellationToken cancellationToken)
    {
        var connection = await SqliteFile.OpenAsync(path, cancellationToken);
        try
        {
            Migrator.Migrate(connection, time.GetUtcNow());
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
