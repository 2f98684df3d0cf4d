namespace CrmSuite.Connector.Sync;

/// <summary>
/// Serializes the work that writes the state store in this process: the scheduled sync, the sweep, the MRR snapshot and a
/// CSM's completed task take turns, so a page commit and an event commit never interleave.
/// </summary>
internal sealed class SyncGate : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return await work(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
