using Microsoft.Extensions.Logging;

namespace CrmSuite.Connector.Sync;

/// <summary>Reports accounts done, accounts/s and the ETA at most once per interval.</summary>
internal sealed class SyncProgress(ILogger logger, TimeProvider time, long syncId, long? total, TimeSpan interval)
{
    private readonly long _started = time.GetTimestamp();
    private long _lastReport = time.GetTimestamp();

    public long Done { get; private set; }

    public long Pages { get; private set; }

    public TimeSpan Elapsed => time.GetElapsedTime(_started);

    public void PageDone(int accounts)
    {
        Done += accounts;
        Pages++;
        if (time.GetElapsedTime(_lastReport) < interval)
        {
            return;
        }

        _lastReport = time.GetTimestamp();
        var seconds = Elapsed.TotalSeconds;
        var rate = seconds > 0 ? Done / seconds : 0;
        var eta = total is { } t && rate > 0 && t > Done ? TimeSpan.FromSeconds((t - Done) / rate).ToString(@"hh\:mm\:ss") : "unknown";
        logger.Progress(syncId, Done, Pages, rate, eta);
    }
}
