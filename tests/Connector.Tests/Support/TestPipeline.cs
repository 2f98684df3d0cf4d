using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using CrmSuite.Connector.Crm.Embedded;
using CrmSuite.Connector.Hosting;
using CrmSuite.Connector.Store.Sqlite;
using CrmSuite.Connector.Sync;

namespace CrmSuite.Connector.Tests.Support;

/// <summary>
/// The connector's real object graph (the composition root every verb uses) on a temp embedded CRM and state store, with a
/// fake clock and a test evaluator in place of the published playbooks.
/// </summary>
internal sealed class TestPipeline : IAsyncDisposable
{
    private readonly IHost _host;

    private TestPipeline(TempFolder folder, IHost host, SeatEvaluator evaluator, FakeTimeProvider time)
    {
        Folder = folder;
        _host = host;
        Evaluator = evaluator;
        Time = time;
    }

    public TempFolder Folder { get; }

    public EmbeddedCrmGateway Crm => _host.Services.GetRequiredService<EmbeddedCrmGateway>();

    public SqliteStateStore Store => _host.Services.GetRequiredService<SqliteStateStore>();

    public SeatEvaluator Evaluator { get; }

    /// <summary>The host's services, for a port the properties above do not name.</summary>
    public IServiceProvider Host => _host.Services;

    public FakeTimeProvider Time { get; }

    public OutboxDispatcher Dispatcher => _host.Services.GetRequiredService<OutboxDispatcher>();

    public SyncPipeline Pipeline => _host.Services.GetRequiredService<SyncPipeline>();

    /// <summary>The state store behind the ports, whichever provider the settings chose.</summary>
    public Connector.Store.IStoreStatus StoreStatus => _host.Services.GetRequiredService<Connector.Store.IStoreStatus>();

    public Connector.Store.IMrrLedger Ledger => _host.Services.GetRequiredService<Connector.Store.IMrrLedger>();

    /// <param name="settings">Settings over the test's own (e.g. <c>Store:Provider</c> and <c>Store:ConnectionString</c>).</param>
    public static Task<TestPipeline> CreateAsync(TempFolder folder, int pageSize = 10, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));
        var evaluator = new SeatEvaluator();
        var configuration = new Dictionary<string, string?>
        {
            ["Crm:Embedded:Path"] = folder.File("crm.db"),
            ["Store:Sqlite:Path"] = folder.File("state.db"),
            ["Sync:PageSize"] = pageSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Sync:OutboxBatchSize"] = "7",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        var host = ConnectorComposition.BuildVerbHost(configuration, builder =>
        {
            builder.Services.AddSingleton<TimeProvider>(time);
            builder.Services.AddSingleton<IAccountEvaluator>(evaluator);
        });
        // Both files exist, migrated, before the test touches them.
        var pipeline = new TestPipeline(folder, host, evaluator, time);
        _ = pipeline.StoreStatus;
        return pipeline.Crm.IsEmptyAsync(CancellationToken.None).ContinueWith(_ => pipeline, TaskScheduler.Default);
    }

    public Task<long> StateScalarAsync(string sql) => StateScalar(Folder.File("state.db"), sql);

    public static async Task<long> StateScalar(string path, string sql)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync() => await ((IAsyncDisposable)_host).DisposeAsync();
}
