using Microsoft.Data.Sqlite;

namespace CrmSuite.Connector.Tests.Web.Dashboard;

/// <summary>
/// The real host (`crmsuite run`) with the shipped playbooks and a demo book that has lived 150 days, so the ledger,
/// the proposals and the instances hold something to report; shared by the admin view's and the dashboard's tests.
/// Its scheduled syncs and sweeps are set to 2099, so what the tests compare stays still while they read it.
/// </summary>
public sealed class DashboardHost : IAsyncLifetime
{
    public WorkQueueHost Host { get; } = new()
    {
        Accounts = 120,
        HistoryDays = 150,
        ShippedPlaybooks = true,
        Settings = new Dictionary<string, string>
        {
            ["Connector:SyncCron"] = Never,
            ["Connector:SweepCron"] = Never,
            ["Metrics:Rates:EUR"] = Rates["EUR"],
            ["Metrics:Rates:JPY"] = Rates["JPY"],
        },
    };

    /// <summary>The conversion rates the host and the CLI both get (the demo book bills in USD, EUR and JPY).</summary>
    public static readonly IReadOnlyDictionary<string, string> Rates = new Dictionary<string, string> { ["EUR"] = "1.08", ["JPY"] = "0.0067" };

    private const string Never = "0 0 0 1 1 ? 2099";

    public Task InitializeAsync() => Host.InitializeAsync();

    public Task DisposeAsync() => Host.DisposeAsync();

    /// <summary>Runs one query on a read-only connection to the host's CRM or state store and returns every row.</summary>
    public static async Task<List<object?[]>> QueryAsync(string path, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }
}
