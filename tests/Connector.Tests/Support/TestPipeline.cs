using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using CrmSuite.Connector.Crm.Embedded;
using CrmSuite.Connector.Store;
using CrmSuite.Connector.Sync;

namespace CrmSuite.Connector.Tests.Support;

/// <summary>A real embedded CRM and state store in a temp folder, wired to a sync pipeline with a test evaluator.</summary>
internal sealed class TestPipeline : IAsyncDisposable
{
    private TestPipeline(TempFolder folder, EmbeddedCrmGateway crm, SqliteStateStore store, SeatEvaluator evaluator, FakeTimeProvider time, int pageSize)
    {
        Folder = folder;
        Crm = crm;
        Store = store;
        Evaluator = evaluator;
        Time = time;
        var options = Options.Create(new SyncOptions { PageSize = pageSize, OutboxBatchSize = 7 });
        Dispatcher = new OutboxDispatcher(crm, store, time, options, NullLogger<OutboxDispatcher>.Instance);
        Pipeline = new SyncPipeline(crm, store, evaluator, Dispatcher, time, options, NullLogger<SyncPipeline>.Instance);
    }

    public TempFolder Folder { get; }

    public EmbeddedCrmGateway Crm { get; }

    public SqliteStateStore Store { get; }

    public SeatEvaluator Evaluator { get; }

    public FakeTimeProvider Time { get; }

    public OutboxDispatcher Dispatcher { get; }

    public SyncPipeline Pipeline { get; }

    public static async Task<TestPipeline> CreateAsync(TempFolder folder, int pageSize = 10)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));
        var crm = TestCrm.Open(folder.File("crm.db"));
        var store = await SqliteStateStore.OpenAsync(folder.File("state.db"), time, CancellationToken.None);
        return new TestPipeline(folder, crm, store, new SeatEvaluator(), time, pageSize);
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

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        await Crm.DisposeAsync();
    }
}
