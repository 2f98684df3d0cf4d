using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using CrmSuite.Connector.Crm;
using CrmSuite.Connector.Crm.Embedded;
using CrmSuite.Connector.Demo;

namespace CrmSuite.Connector.Tests.Support;

/// <summary>Helpers over a real embedded CRM file.</summary>
internal static class TestCrm
{
    public static EmbeddedCrmGateway Open(string path) => new(Options.Create(new EmbeddedCrmOptions { Path = path }), TimeProvider.System);

    public static async Task WriteAsync(ICrmDataLoader crm, IEnumerable<AccountBuilder> accounts)
    {
        await using var writer = await crm.BeginLoadAsync(replace: false, CancellationToken.None);
        foreach (var builder in accounts)
        {
            Write(writer, builder.Build());
        }

        await writer.CommitAsync(CancellationToken.None);
    }

    public static void Write(ICrmLoad writer, DemoAccount item)
    {
        foreach (var s in item.Subscriptions)
        {
            writer.WriteSubscription(s);
        }

        writer.WriteUsage(item.Usage);
        writer.WriteAccount(item.Account);
    }

    public static async Task<long> ScalarAsync(ICrmDataLoader crm, string sql)
    {
        // The file is created and migrated by the gateway first.
        await crm.IsEmptyAsync(CancellationToken.None);
        await using var connection = new SqliteConnection($"Data Source={crm.Location};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static async Task ExecuteAsync(ICrmDataLoader crm, string sql)
    {
        await crm.IsEmptyAsync(CancellationToken.None);
        await using var connection = new SqliteConnection($"Data Source={crm.Location};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Every row of every table, in a stable order, as text: equal dumps mean equal databases.</summary>
    public static async Task<string> DumpAsync(string path)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            // schema_version records when each migration ran, not what the database holds.
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'schema_version' ORDER BY name";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var dump = new System.Text.StringBuilder();
        foreach (var table in tables)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table}\" ORDER BY 1, 2";
            await using var reader = await command.ExecuteReaderAsync();
            dump.Append(table).Append('\n');
            while (await reader.ReadAsync())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    dump.Append(reader.IsDBNull(i) ? "NULL" : reader.GetValue(i)).Append('|');
                }

                dump.Append('\n');
            }
        }

        return dump.ToString();
    }
}
