namespace CrmSuite.Connector.Crm.Dataverse.Gateway;

/// <summary>
/// Dataverse refused a request: the HTTP status, the Dataverse error code (e.g. <c>0x80040217</c>) and its message, and
/// what the gateway was doing. Thrown for errors that retrying the same request cannot fix.
/// </summary>
internal sealed class DataverseException : Exception
{
    public DataverseException(int status, string code, string message, string request, TimeSpan? retryAfter = null)
        : base($"Dataverse answered {status} {code} to {request}: {message}")
    {
        Status = status;
        Code = code;
        DataverseMessage = message;
        RetryAfter = retryAfter;
    }

    /// <summary>The wait Dataverse asked for with a 429 (<c>Retry-After</c>).</summary>
    public TimeSpan? RetryAfter { get; }

    public int Status { get; }

    /// <summary>The Dataverse error code, as the error body spells it (hex such as <c>0x80040237</c>), or empty.</summary>
    public string Code { get; }

    public string DataverseMessage { get; }
}

/// <summary>One write of a batch that Dataverse refused, with its error code.</summary>
internal sealed record DataverseWriteFailure(string Key, string Operation, int Status, string Code, string Message);

/// <summary>Writes of a batch that Dataverse refused even when sent alone; every other write of the batch was applied.</summary>
internal sealed class DataverseWriteException(IReadOnlyList<DataverseWriteFailure> failures)
    : Exception($"Dataverse refused {failures.Count} write(s): "
        + string.Join("; ", failures.Take(5).Select(f => $"{f.Operation} {f.Key}: {f.Status} {f.Code} {f.Message}"))
        + (failures.Count > 5 ? $"; and {failures.Count - 5} more" : ""))
{
    public IReadOnlyList<DataverseWriteFailure> Failures { get; } = failures;
}
