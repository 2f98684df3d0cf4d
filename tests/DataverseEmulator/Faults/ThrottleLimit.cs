namespace CrmSuite.DataverseEmulator.Faults;

/// <summary>Which service protection limit a 429 reports (api-limits.md error codes).</summary>
public enum ThrottleLimit
{
    /// <summary>-2147015902 (0x80072322): number of requests.</summary>
    Requests,

    /// <summary>-2147015903 (0x80072321): combined execution time.</summary>
    ExecutionTime,

    /// <summary>-2147015898 (0x80072326): concurrent requests.</summary>
    Concurrency,
}
