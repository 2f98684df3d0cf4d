namespace CrmSuite.Connector.Crm.Dataverse.Connection;

/// <summary>
/// A cap on requests in flight whose size can change while requests wait: the server's <c>x-ms-dop-hint</c> (degree of
/// parallelism it recommends) resizes it. Waiters are admitted first come, first served.
/// </summary>
internal sealed class ConcurrencyLimit(int limit)
{
    private readonly Lock _lock = new();
    private readonly Queue<TaskCompletionSource> _waiting = new();
    private int _inFlight;

    public int Limit
    {
        get
        {
            lock (_lock)
            {
                return limit;
            }
        }
    }

    public int InFlight
    {
        get
        {
            lock (_lock)
            {
                return _inFlight;
            }
        }
    }

    /// <summary>Requests waiting for a slot.</summary>
    public int Waiting
    {
        get
        {
            lock (_lock)
            {
                return _waiting.Count(w => !w.Task.IsCompleted);
            }
        }
    }

    /// <summary>Waits for a free slot; dispose the result to free it.</summary>
    public async ValueTask<IDisposable> AcquireAsync(CancellationToken cancellationToken)
    {
        TaskCompletionSource waiter;
        lock (_lock)
        {
            if (_inFlight < limit && _waiting.Count == 0)
            {
                _inFlight++;
                return new Slot(this);
            }

            waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiting.Enqueue(waiter);
        }

        try
        {
            await waiter.Task.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            lock (_lock)
            {
                // Admitted just as it was cancelled: hand the slot on.
                if (!waiter.TrySetCanceled(cancellationToken))
                {
                    _inFlight--;
                    AdmitWaiting();
                }
            }

            throw;
        }

        return new Slot(this);
    }

    /// <summary>Sets the cap (at least 1); a larger cap admits waiting requests at once, a smaller one lets those in flight finish.</summary>
    public void Resize(int newLimit)
    {
        lock (_lock)
        {
            limit = Math.Max(1, newLimit);
            AdmitWaiting();
        }
    }

    private void Release()
    {
        lock (_lock)
        {
            _inFlight--;
            AdmitWaiting();
        }
    }

    private void AdmitWaiting()
    {
        while (_inFlight < limit && _waiting.TryDequeue(out var next))
        {
            if (next.TrySetResult())
            {
                _inFlight++;
            }
        }
    }

    private sealed class Slot(ConcurrencyLimit owner) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                owner.Release();
            }
        }
    }
}
