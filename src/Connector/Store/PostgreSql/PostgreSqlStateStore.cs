using Npgsql;
using CrmSuite.Connector.Sqlite;
using static CrmSuite.Connector.Store.PostgreSql.PgBatch;

namespace CrmSuite.Connector.Store.PostgreSql;

/// <summary>
/// The state store on PostgreSQL, migrated when it is built. Each concern (<see cref="PgInstances"/>, <see cref="PgAudit"/>,
/// <see cref="PgOutbox"/>, <see cref="PgQuarantine"/>, <see cref="PgMrr"/>, <see cref="PgRuns"/>) adds its statements to
/// the page's batch: a page commit is one transaction and one round trip, each table written by one statement over arrays.
/// Every call takes its own pooled connection, so a sync loads the next page while the current one commits.
/// </summary>
internal sealed partial class PostgreSqlStateStore : IPageStore, IOutbox, ISyncRuns, IMrrLedger, IStoreStatus, ITaskRouting, IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly ClusterNode _node;

    private PostgreSqlStateStore(NpgsqlDataSource dataSource, string location, ClusterNode node)
    {
        _dataSource = dataSource;
        Location = location;
        _node = node;
    }

    /// <summary>The server and database, without credentials: <c>postgresql://host:port/database</c>.</summary>
    public string Location { get; }

    internal NpgsqlDataSource DataSource => _dataSource;

    /// <summary>Connects to the database <paramref name="connectionString"/> names and applies pending migrations.</summary>
    /// <param name="node">This process as a node of a cluster (a new id and the default outbox lease when null).</param>
    public static async Task<PostgreSqlStateStore> OpenAsync(string connectionString, TimeProvider time, CancellationToken cancellationToken, ClusterNode? node = null)
    {
        node ??= ClusterNode.Create(ClusterNode.DefaultOutboxLease);
        var dataSource = PostgreSqlConnections.Create(connectionString, node);
        var location = PostgreSqlConnections.Describe(connectionString);
        try
        {
            await PostgreSqlMigrator.MigrateAsync(dataSource, location, time.GetUtcNow(), cancellationToken);
            return new PostgreSqlStateStore(dataSource, location, node);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            await dataSource.DisposeAsync();
            throw new StoreUnavailableException($"cannot open the state store {location}: {ex.Message}", ex);
        }
        catch
        {
            await dataSource.DisposeAsync();
            throw;
        }
    }

    public async Task LoadPageStateAsync(IReadOnlyList<string> accountIds, IReadOnlyList<string> subscriptionIds, PageState into, CancellationToken cancellationToken)
    {
        into.Clear();
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection);
        var accounts = accountIds.ToArray();
        PgInstances.AddLoad(batch, accounts);
        PgMrr.AddLoad(batch, accounts, [.. subscriptionIds]);
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await PgInstances.ReadAsync(reader, into, cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        await PgMrr.ReadAsync(reader, into, cancellationToken);
    }

    public async Task<PageCommitResult> CommitPageAsync(PageCommit commit, CancellationToken cancellationToken)
    {
        // Cancellation is honoured before the transaction starts; once it has, the page commits whole or rolls back.
        cancellationToken.ThrowIfCancellationRequested();
        var at = Utc(commit.At);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(CancellationToken.None);
        await using var batch = new NpgsqlBatch(connection, transaction);
        var inserts = PgOutbox.AddInsert(batch, commit, at, _node);
        PgInstances.AddWrite(batch, commit);
        PgAudit.AddWrite(batch, commit);
        PgOutbox.AddMarkDelivered(batch, commit.Delivered, at);
        PgQuarantine.AddWrite(batch, commit, at);
        PgMrr.AddWrite(batch, commit);
        PgVariants.AddWrite(batch, commit);
        PgRuns.AddWrite(batch, commit, at);
        PgRouting.AddWrite(batch, commit, at);
        IReadOnlyList<PendingWrite> inserted = [];
        await using (var reader = await batch.ExecuteReaderAsync(CancellationToken.None))
        {
            if (inserts)
            {
                inserted = await PgOutbox.ReadInsertedAsync(reader, commit, CancellationToken.None);
            }

            // The rest of the batch runs as the reader moves through it; an error in any statement surfaces here.
            while (await reader.NextResultAsync(CancellationToken.None))
            {
            }
        }

        await transaction.CommitAsync(CancellationToken.None);
        return inserted.Count == 0 ? PageCommitResult.Empty : new PageCommitResult(inserted);
    }

    public Task<IReadOnlyList<PendingWrite>> ReadPendingAsync(int max, CancellationToken cancellationToken) =>
        PgOutbox.ReadPendingAsync(_dataSource, _node, max, cancellationToken);

    public async Task MarkDeliveredAsync(IReadOnlyList<long> ids, DateTimeOffset at, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(CancellationToken.None);
        await using var batch = new NpgsqlBatch(connection, transaction);
        PgOutbox.AddMarkDelivered(batch, ids, Utc(at));
        if (batch.BatchCommands.Count > 0)
        {
            await batch.ExecuteNonQueryAsync(CancellationToken.None);
        }

        await transaction.CommitAsync(CancellationToken.None);
    }

    public Task MarkFailedAsync(IReadOnlyList<long> ids, string error, CancellationToken cancellationToken) =>
        PgOutbox.MarkFailedAsync(_dataSource, ids, error, cancellationToken);

    public Task<IReadOnlyList<MrrTotal>> SnapshotMrrAsync(DateOnly day, CancellationToken cancellationToken) =>
        PgMrr.SnapshotDailyAsync(_dataSource, day, cancellationToken);

    public Task<IReadOnlyDictionary<string, Routing.RoutingOutcome>> FindRoutedAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken) =>
        PgRouting.FindRoutedAsync(_dataSource, keys, cancellationToken);

    public Task<Dictionary<string, int>> ReadLoadAsync(DateOnly week, CancellationToken cancellationToken) =>
        PgRouting.ReadLoadAsync(_dataSource, week, cancellationToken);

    public Task<IReadOnlyList<HeldTask>> ReadHeldAsync(CancellationToken cancellationToken) => PgRouting.ReadHeldAsync(_dataSource, cancellationToken);

    public Task<IReadOnlyList<HeldCount>> CountHeldAsync(CancellationToken cancellationToken) => PgRouting.CountHeldAsync(_dataSource, cancellationToken);

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
