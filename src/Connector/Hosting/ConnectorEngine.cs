using CrmSuite.Connector.Sync;
using CrmSuite.PlaybookEngine.Runtime;

namespace CrmSuite.Connector.Hosting;

/// <summary>
/// The opened connector shared by the scheduled jobs and the web UI. Syncs run one at a time: the scheduler, the sweep
/// and a CSM's completed task all go through <see cref="RunExclusiveAsync{T}"/>.
/// </summary>
internal sealed class ConnectorEngine : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private ConnectorServices? _services;
    private PlaybookRuntime? _runtime;

    public ConnectorServices Services => _services ?? throw new InvalidOperationException("The connector has not been opened yet.");

    /// <summary>The published playbooks the sync runs, also read by the work queue for talk tracks and objection scripts.</summary>
    public PlaybookRuntime Runtime => _runtime ?? throw new InvalidOperationException("The connector has not been opened yet.");

    public bool IsOpen => _services is not null;

    public void Open(ConnectorServices services, PlaybookRuntime runtime)
    {
        _runtime = runtime;
        _services = services;
    }

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
        RunExclusiveAsync((services, token) => services.SyncAsync(mode, token), cancellationToken);

    /// <summary>Completes a CSM's task and advances its playbook at once, never overlapping a sync.</summary>
    public Task<TaskCompletionResult> CompleteTaskAsync(string key, string outcome, CancellationToken cancellationToken) =>
        RunExclusiveAsync((services, token) => services.TaskEvents.CompleteAsync(key, outcome, token), cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        _gate.Dispose();
    }
}
