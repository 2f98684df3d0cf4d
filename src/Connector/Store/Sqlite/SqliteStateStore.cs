using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using CrmSuite.Connector.Sqlite;

namespace CrmSuite.Connector.Store.Sqlite;

/// <summary>
/// The state store on one SQLite file (WAL), opened and migrated when it is built. Each concern keeps its own prepared
/// statements (<see cref="SqliteInstances"/>, <see cref="SqliteAudit"/>, <see cref="SqliteOutbox"/>,
/// <see cref="SqliteQuarantine"/>, <see cref="SqliteMrr"/>, <see cref="SqliteRuns"/>); a page commit composes them in one
/// transaction. Page state loads run on a second, read-only connection, so a sync can load and evaluate the next page
/// while the current one commits (WAL readers see the last committed state); otherwise one caller at a time.
/// </summary>
internal sealed partial class SqliteStateStore : IPageStore, IOutbox, ISyncRuns, IMrrLedger, IStoreStatus, IMetricsStore, ITaskRouting, IAsyncDisposable
{
    internal static readonly SqliteMigrator Migrator = new("CrmSuite.Connector.Store.Sqlite.Migrations.", "state store");

    // A new store gets 16 KiB pages: its rows are written in key order (no index takes them at random places), so a page
    // commit writes a quarter of the b-tree pages and WAL frames of 4 KiB pages, without rewriting more bytes per row.
    private const int PageSize = 16384;

    private readonly SqliteConnection _connection;
    private readonly SqliteConnection _reader;
    private readonly WalCheckpointer _checkpointer;
    private readonly SqliteInstances _instances;
    private readonly SqliteAudit _audit;
    private readonly SqliteOutbox _outbox;
    private readonly SqliteQuarantine _quarantine;
    private readonly SqliteMrr _mrr;
    private readonly SqliteVariants _variants;
    private readonly SqliteRuns _runs;
    private readonly SqliteChangeCounter _changes;
    private readonly SqliteRouting _routing;

    public SqliteStateStore(IOptions<SqliteStoreOptions> options, TimeProvider time)
    {
        var path = options.Value.Path;
        _connection = SqliteFile.Open(path, pageSize: PageSize);
        try
        {
            Migrator.Migrate(_connection, time.GetUtcNow());
            _reader = SqliteFile.Open(path, readOnly: true);
            _checkpointer = WalCheckpointer.Open(path);
            _instances = new SqliteInstances(_connection, _reader);
            _audit = new SqliteAudit(_connection);
            _outbox = new SqliteOutbox(_connection);
            _quarantine = new SqliteQuarantine(_connection);
            _mrr = new SqliteMrr(_connection, _reader);
            _variants = new SqliteVariants(_connection);
            _runs = new SqliteRuns(_connection);
            _changes = new SqliteChangeCounter(path);
            _routing = new SqliteRouting(_connection);
        }
        catch
        {
            _reader?.Dispose();
            _connection.Dispose();
            throw;
        }
    }

    public string Path => _connection.DataSource;

    public string Location => Path;

    /// <summary>Opens (creating if needed) the store at <paramref name="path"/> and applies pending migrations.</summary>
    public static SqliteStateStore Open(string path, TimeProvider time) => new(Options.Create(new SqliteStoreOptions { Path = path }), time);

    public Task LoadPageStateAsync(IReadOnlyList<string> accountIds, IReadOnlyList<string> subscriptionIds, PageState into, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        into.Clear();
        var ids = JsonSerializer.Serialize(accountIds, SqliteJson.Default.IReadOnlyListString);
        _instances.Load(ids, into);
        _mrr.Load(ids, JsonSerializer.Serialize(subscriptionIds, SqliteJson.Default.IReadOnlyListString), into);
        return Task.CompletedTask;
    }

    public async Task<PageCommitResult> CommitPageAsync(PageCommit commit, CancellationToken cancellationToken)
    {
        // Cancellation is honoured before the transaction starts; once it has, the page commits whole or rolls back.
        cancellationToken.ThrowIfCancellationRequested();
        var at = SqliteText.Timestamp(commit.At);
        await using var transaction = (SqliteTransaction)await _connection.BeginTransactionAsync(CancellationToken.None);
        IReadOnlyList<PendingWrite> inserted;
        try
        {
            _instances.Write(transaction, commit);
            _audit.Write(commit);
            inserted = _outbox.Write(commit, at);
            _quarantine.Write(transaction, commit, at);
            _mrr.Write(transaction, commit);
            _variants.Write(commit);
            _runs.Write(transaction, commit, at);
            _routing.Write(commit, at);
            await transaction.CommitAsync(CancellationToken.None);
        }
        catch
        {
            await transaction.RollbackAsync(CancellationToken.None);
            throw;
        }

        _quarantine.Committed(commit);
        _checkpointer.Committed();
        return inserted.Count == 0 ? PageCommitResult.Empty : new PageCommitResult(inserted);
    }

    public Task<IReadOnlyList<PendingWrite>> ReadPendingAsync(int max, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        SqliteOutbox.ReleaseInFlight(_connection);
        return SqliteOutbox.ReadPendingAsync(_connection, max, cancellationToken);
    }

    public async Task MarkDeliveredAsync(IReadOnlyList<long> ids, DateTimeOffset at, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await using var transaction = (SqliteTransaction)await _connection.BeginTransactionAsync(CancellationToken.None);
        _outbox.MarkDelivered(ids, SqliteText.Timestamp(at));
        await transaction.CommitAsync(CancellationToken.None);
    }

    public Task MarkFailedAsync(IReadOnlyList<long> ids, string error, CancellationToken cancellationToken) =>
        SqliteOutbox.MarkFailedAsync(_connection, ids, error, cancellationToken);

    public Task<IReadOnlyList<MrrTotal>> SnapshotMrrAsync(DateOnly day, CancellationToken cancellationToken) =>
        SqliteMrr.SnapshotDailyAsync(_connection, day, cancellationToken);

    public IEnumerable<PlaybookEngine.Metrics.LedgerEntry> ReadLedger() => SqliteMetricsReads.ReadLedger(Path);

    public IEnumerable<PlaybookEngine.Metrics.TransitionRecord> ReadTransitions() => SqliteMetricsReads.ReadTransitions(Path);

    // The routing reads run on the writer connection: only the sync's commit stage calls them, between its page commits.
    public Task<IReadOnlyDictionary<string, Routing.RoutingOutcome>> FindRoutedAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(SqliteRouting.FindRouted(_connection, keys));
    }

    public Task<Dictionary<string, int>> ReadLoadAsync(DateOnly week, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(SqliteRouting.ReadLoad(_connection, week));
    }

    public Task<IReadOnlyList<HeldTask>> ReadHeldAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(SqliteRouting.ReadHeld(_connection));
    }

    public Task<IReadOnlyList<HeldCount>> CountHeldAsync(CancellationToken cancellationToken) => SqliteRouting.CountHeldAsync(Path, cancellationToken);

    public IEnumerable<PlaybookEngine.Metrics.ExperimentMember> ReadExperimentMembers() => SqliteMetricsReads.ReadExperimentMembers(Path);

    public IEnumerable<PlaybookEngine.Metrics.VariantMember> ReadVariantMembers() => SqliteMetricsReads.ReadVariantMembers(Path);

    public long ChangeVersion() => _changes.Read();

    public async ValueTask DisposeAsync()
    {
        _changes.Dispose();
        _instances.Dispose();
        _audit.Dispose();
        _outbox.Dispose();
        _quarantine.Dispose();
        _mrr.Dispose();
        _variants.Dispose();
        _runs.Dispose();
        _routing.Dispose();
        await _checkpointer.DisposeAsync();
        await _reader.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
