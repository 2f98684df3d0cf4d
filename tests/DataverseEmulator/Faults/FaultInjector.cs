using System.Globalization;
using CrmSuite.DataverseEmulator.Http;

namespace CrmSuite.DataverseEmulator.Faults;

/// <summary>
/// Faults tests program into the emulator: throttling (429 + Retry-After), server errors, latency, one failing
/// item inside a batch, expired delta tokens, the x-ms-dop-hint header and the execution-time limit of big batches.
/// </summary>
public sealed class FaultInjector
{
    private readonly Lock gate = new();
    private readonly List<BatchItemFault> batchItemFaults = [];
    private int throttleRemaining;
    private TimeSpan throttleRetryAfter;
    private ThrottleLimit throttleLimit;
    private int throttleEvery;
    private int failRemaining;
    private int failStatus;
    private long requestCount;

    /// <summary>Latency added to every top-level request (outside the store's lock).</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>When set, every response carries <c>x-ms-dop-hint</c> with this value.</summary>
    public int? DegreeOfParallelismHint { get; set; }

    /// <summary>When set, a $batch with more operations than this answers 429 for the execution-time limit.</summary>
    public int? ExecutionTimeLimitBatchSize { get; set; }

    /// <summary>The Retry-After of the execution-time 429.</summary>
    public TimeSpan ExecutionTimeRetryAfter { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Delta tokens issued at or before this org version answer ExpiredVersionStamp.</summary>
    internal long DeltaTokensExpiredUpTo { get; private set; } = -1;

    /// <summary>The next <paramref name="requests"/> top-level requests answer 429 with Retry-After.</summary>
    public void ThrottleNext(int requests, TimeSpan retryAfter, ThrottleLimit limit = ThrottleLimit.Requests)
    {
        lock (gate)
        {
            throttleRemaining = requests;
            throttleRetryAfter = retryAfter;
            throttleLimit = limit;
        }
    }

    /// <summary>Every <paramref name="nth"/> top-level request answers 429 with Retry-After (0 turns it off).</summary>
    public void ThrottleEvery(int nth, TimeSpan retryAfter, ThrottleLimit limit = ThrottleLimit.Requests)
    {
        lock (gate)
        {
            throttleEvery = nth;
            throttleRetryAfter = retryAfter;
            throttleLimit = limit;
        }
    }

    /// <summary>The next <paramref name="requests"/> top-level requests answer <paramref name="status"/> (503 by default).</summary>
    public void FailNext(int requests, int status = 503)
    {
        lock (gate)
        {
            failRemaining = requests;
            failStatus = status;
        }
    }

    /// <summary>
    /// Operations inside a $batch (or a bulk message item) whose URL or @odata.id contains <paramref name="urlContains"/>
    /// (e.g. <c>cs_stepkey='k1'</c>) fail with this error, <paramref name="times"/> times.
    /// </summary>
    public void FailBatchItem(string urlContains, int status = 400, string code = ErrorCodes.ValidationError, string message = "Injected failure.", int times = int.MaxValue)
    {
        lock (gate)
        {
            batchItemFaults.Add(new BatchItemFault(urlContains, status, code, message) { Remaining = times });
        }
    }

    /// <summary>Clears every programmed fault.</summary>
    public void Clear()
    {
        lock (gate)
        {
            batchItemFaults.Clear();
            throttleRemaining = throttleEvery = failRemaining = 0;
            Latency = TimeSpan.Zero;
            DegreeOfParallelismHint = null;
            ExecutionTimeLimitBatchSize = null;
        }
    }

    internal void ExpireDeltaTokensUpTo(long version) => DeltaTokensExpiredUpTo = version;

    internal EmulatorResponse? TopLevel()
    {
        lock (gate)
        {
            requestCount++;
            if (throttleRemaining > 0 || (throttleEvery > 0 && requestCount % throttleEvery == 0))
            {
                throttleRemaining = Math.Max(0, throttleRemaining - 1);
                return Throttled(throttleLimit, throttleRetryAfter);
            }
            if (failRemaining > 0)
            {
                failRemaining--;
                return EmulatorResponse.Error(failStatus, ErrorCodes.ServerError, $"Injected {failStatus} response.");
            }
            return null;
        }
    }

    internal DataverseException? BatchItem(string target)
    {
        lock (gate)
        {
            var fault = batchItemFaults.FirstOrDefault(f => f.Remaining > 0 && target.Contains(f.UrlContains, StringComparison.Ordinal));
            if (fault is null)
            {
                return null;
            }
            fault.Remaining--;
            return new DataverseException(fault.Status, fault.Code, fault.Message);
        }
    }

    internal static EmulatorResponse Throttled(ThrottleLimit limit, TimeSpan retryAfter)
    {
        var (code, message) = limit switch
        {
            ThrottleLimit.ExecutionTime => (ErrorCodes.ThrottledExecutionTime, "Combined execution time of incoming requests exceeded limit of 1,200,000 milliseconds over time window of 300 seconds. Decrease number of concurrent requests or reduce the duration of requests and try again later."),
            ThrottleLimit.Concurrency => (ErrorCodes.ThrottledConcurrency, "Number of concurrent requests exceeded the limit of 52."),
            _ => (ErrorCodes.ThrottledRequests, "Number of requests exceeded the limit of 6000 over time window of 300 seconds."),
        };
        var response = EmulatorResponse.Error(429, code, message);
        response.Headers["Retry-After"] = Math.Max(0, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return response;
    }

    private sealed record BatchItemFault(string UrlContains, int Status, string Code, string Message)
    {
        public int Remaining { get; set; }
    }
}
