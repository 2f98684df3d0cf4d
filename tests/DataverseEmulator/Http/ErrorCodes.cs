namespace CrmSuite.DataverseEmulator.Http;

/// <summary>
/// Dataverse error codes the emulator answers with. Codes marked "documented" come from the Dataverse docs
/// (web service error codes, api-limits.md, change tracking); the others are the emulator's choice and say so in docs/testing.md.
/// </summary>
public static class ErrorCodes
{
    /// <summary>Documented: the row does not exist (ObjectDoesNotExist).</summary>
    public const string ObjectDoesNotExist = "0x80040217";

    /// <summary>Documented: a record with matching key values already exists (DuplicateRecord).</summary>
    public const string DuplicateRecord = "0x80040237";

    /// <summary>Documented (reference file): no row has the given alternate key values.</summary>
    public const string RowNotFoundByAlternateKey = "0x80060891";

    /// <summary>Documented: the query or the URL could not be parsed (ODataException surfaced by the service).</summary>
    public const string QueryError = "0x80060888";

    /// <summary>Documented (batch docs example): an attribute value exceeds the column's maximum length.</summary>
    public const string ValidationError = "0x80044331";

    /// <summary>Documented: the row version in If-Match does not match (ConcurrencyVersionMismatch).</summary>
    public const string ConcurrencyVersionMismatch = "0x80060882";

    /// <summary>Documented: ExpiredVersionStamp, the delta token is older than the change-tracking retention.</summary>
    public const string ExpiredVersionStamp = "0x80044352";

    /// <summary>Documented (api-limits.md): number of requests limit.</summary>
    public const string ThrottledRequests = "0x80072322";

    /// <summary>Documented (api-limits.md): combined execution time limit.</summary>
    public const string ThrottledExecutionTime = "0x80072321";

    /// <summary>Documented (api-limits.md): concurrent requests limit.</summary>
    public const string ThrottledConcurrency = "0x80072326";

    /// <summary>Documented: the calling user lacks a privilege (PrivilegeDenied); the message names it.</summary>
    public const string PrivilegeDenied = "0x80042f09";

    /// <summary>Emulator's choice: the payload names an unknown property or has a value of the wrong type.</summary>
    public const string PayloadError = "0x80048d19";

    /// <summary>Emulator's choice: the alternate key's index is not Active yet.</summary>
    public const string KeyNotActive = "0x80060892";

    /// <summary>Emulator's choice: a metadata item (table, column, key) with that name already exists.</summary>
    public const string DuplicateMetadata = "0x80044363";

    /// <summary>Emulator's choice: an injected server error.</summary>
    public const string ServerError = "0x80040216";
}
