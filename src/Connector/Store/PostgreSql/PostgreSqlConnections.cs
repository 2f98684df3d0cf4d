using Npgsql;

namespace CrmSuite.Connector.Store.PostgreSql;

/// <summary>The state store's connection string: the data source built from it, and how it is named in messages (never with its password).</summary>
internal static class PostgreSqlConnections
{
    /// <param name="node">The node's id becomes every connection's <c>application_name</c>: a run whose node has no connection left belonged to a dead node.</param>
    public static NpgsqlDataSource Create(string connectionString, ClusterNode? node = null)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        // The page path runs the same few statements over and over: prepared once per pooled connection.
        if (builder.ConnectionStringBuilder.MaxAutoPrepare == 0)
        {
            builder.ConnectionStringBuilder.MaxAutoPrepare = 32;
        }

        if (node is not null)
        {
            builder.ConnectionStringBuilder.ApplicationName = node.Id;
            // A live node keeps one connection however long it idles (waiting out a throttled CRM, say): the others take
            // its claims over at once when it has none left, so having none must mean it is gone.
            builder.ConnectionStringBuilder.MinPoolSize = Math.Max(1, builder.ConnectionStringBuilder.MinPoolSize);
        }

        builder.ConnectionStringBuilder.ApplicationName ??= "crmsuite";
        return builder.Build();
    }

    /// <summary><c>postgresql://host:port/database</c>, from a connection string, without user or password.</summary>
    public static string Describe(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return $"postgresql://{builder.Host ?? "localhost"}:{builder.Port}/{builder.Database ?? builder.Username ?? "postgres"}";
    }
}
