using CrmSuite.Connector.Sync;

namespace CrmSuite.Connector.Hosting;

/// <summary>
/// The opened connector shared by the scheduled jobs and the web UI. Syncs run one at a time: the scheduler, the sweep
/// and a CSM's completed task all go through <see cref="RunExclusiveAsync{T}"/>.
/// </summary>
internal sealed class ConnectorEngine : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private ConnectorServices? _services;

    public ConnectorServices Services => _services ?? throw new InvalidOperationException("The connector has not been opened yet.");

    public bool IsOpen => _services is not null;

    public void Open(ConnectorServices services) => _services = services;

    public async Task<T> RunExclusiveAsync<T>(Func<ConnectorServices, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return await work(Services, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    public Task<SyncSummary> SyncAsync(SyncMode mode, CancellationToken cancellationToken) =>
        RunExclusiveAsync((services, token) => services.Pipeline.RunOnceAsync(mode, token), cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        _gate.Dispose();
    }
}
