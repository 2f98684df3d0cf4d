using Npgsql;
using CrmSuite.Connector.Locking;

namespace CrmSuite.Connector.Store.PostgreSql;

/// <summary>
/// One writer per PostgreSQL state store: a session-level advisory lock held on a connection of its own for as long as
/// the verb or the host runs. PostgreSQL drops it with the session, so a killed process frees the store; the holder is
/// read back from <c>pg_stat_activity</c>, where the session names itself.
/// </summary>
internal sealed class PostgreSqlWriterClaim(string connectionString) : IWriterClaim
{
    private const int WriterSlot = 1;

    public string Resource { get; } = PostgreSqlConnections.Describe(connectionString);

    public DataWrites Role => DataWrites.State;

    public IDisposable? TryTake(string holder)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, ApplicationName = Truncate(holder) };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            connection.Open();
            using var take = new NpgsqlCommand($"SELECT pg_try_advisory_lock({PostgreSqlMigrator.LockClass}, {WriterSlot})", connection);
            if (take.ExecuteScalar() is true)
            {
                return connection;
            }

            connection.Dispose();
            return null;
        }
        catch (NpgsqlException ex)
        {
            connection.Dispose();
            throw new StoreUnavailableException($"cannot open the state store {Resource}: {ex.Message}", ex);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public string? Holder()
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        // The two-key form of an advisory lock shows its keys as classid and objid, with objsubid 2; each database has its own.
        using var command = new NpgsqlCommand($"""
            SELECT a.application_name, a.backend_start FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.granted AND l.classid = {PostgreSqlMigrator.LockClass} AND l.objid = {WriterSlot} AND l.objsubid = 2
                AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
            """, connection);
        using var reader = command.ExecuteReader();
        return reader.Read()
            ? $"{reader.GetString(0)}, connected since {reader.GetFieldValue<DateTime>(1):yyyy-MM-dd HH:mm:ss}Z"
            : null;
    }

    // PostgreSQL keeps the first 63 bytes of an application name.
    private static string Truncate(string holder) => holder.Length <= 60 ? holder : holder[..60];
}
