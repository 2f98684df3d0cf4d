namespace CrmSuite.Connector.Crm.Dataverse.Connection;

/// <summary>
/// Holds every request back while the service is throttling: after a 429 with <c>Retry-After</c>, nothing is sent until
/// that time has passed ("Service protection API limits": sending more while throttled extends the wait).
/// </summary>
internal sealed class ThrottleGate(TimeProvider time)
{
    private readonly Lock _lock = new();
    private DateTimeOffset _closedUntil = DateTimeOffset.MinValue;

    /// <summary>The time requests may be sent again, or null when they may be sent now.</summary>
    public DateTimeOffset? ClosedUntil
    {
        get
        {
            lock (_lock)
            {
                return _closedUntil > time.GetUtcNow() ? _closedUntil : null;
            }
        }
    }

    /// <summary>Closes the gate for <paramref name="wait"/> from now (a later close is kept: the longest wait wins).</summary>
    public void CloseFor(TimeSpan wait)
    {
        var until = time.GetUtcNow() + wait;
        lock (_lock)
        {
            if (until > _closedUntil)
            {
                _closedUntil = until;
            }
        }
    }

    /// <summary>Completes when the gate is open; a gate closed again meanwhile is waited for again.</summary>
    public async ValueTask WaitOpenAsync(CancellationToken cancellationToken)
    {
        while (ClosedUntil is { } until)
        {
            var wait = until - time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time, cancellationToken);
            }
        }
    }
}
