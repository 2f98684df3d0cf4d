namespace CrmSuite.Connector.Crm.Dataverse.Gateway;

/// <summary>How the Dataverse gateway pages and batches its requests (<c>Crm:Dataverse:Gateway</c>).</summary>
internal sealed class DataverseGatewayOptions
{
    public const string Section = "Crm:Dataverse:Gateway";

    /// <summary>Rows per page asked with <c>Prefer: odata.maxpagesize</c> when scanning a table (Dataverse caps it at 5000).</summary>
    public int MaxPageSize { get; set; } = 5000;

    /// <summary>Operations per <c>$batch</c> request (Dataverse allows 1000; smaller batches stay clear of the execution-time limit).</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>Ids per <c>Microsoft.Dynamics.CRM.In</c> filter, so a request line stays far below the URL length limit.</summary>
    public int IdsPerFilter { get; set; } = 100;

    /// <summary>The values the gateway can work with; throws naming the key otherwise.</summary>
    public void Validate()
    {
        Check(MaxPageSize is >= 1 and <= 5000, nameof(MaxPageSize), "between 1 and 5000", MaxPageSize);
        Check(BatchSize is >= 1 and <= 1000, nameof(BatchSize), "between 1 and 1000", BatchSize);
        Check(IdsPerFilter is >= 1 and <= 500, nameof(IdsPerFilter), "between 1 and 500", IdsPerFilter);
    }

    private static void Check(bool ok, string key, string expected, int value)
    {
        if (!ok)
        {
            throw new ArgumentOutOfRangeException(key, value, $"{Section}:{key} must be {expected}, got {value}.");
        }
    }
}
