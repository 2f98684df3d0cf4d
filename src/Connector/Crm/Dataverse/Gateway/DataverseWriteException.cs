namespace CrmSuite.Connector.Crm.Dataverse.Gateway;

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
