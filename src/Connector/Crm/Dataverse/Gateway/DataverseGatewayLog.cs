using Microsoft.Extensions.Logging;

namespace CrmSuite.Connector.Crm.Dataverse.Gateway;

internal static partial class DataverseGatewayLog
{
    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning,
        Message = "Dataverse refused the delta link of {Table} ({Status} {Code}: {Message}); reading every account again and starting new delta links")]
    public static partial void DeltaExpired(this ILogger logger, string table, int status, string code, string message);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Information, Message = "Dataverse table {Table} has change tracking off; its changes are read by modifiedon")]
    public static partial void ChangeTrackingOff(this ILogger logger, string table);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Warning,
        Message = "Dataverse hit the execution-time limit on a batch of {Size}; batches shrink to {NewSize} and the rest is sent again after {RetryAfter}")]
    public static partial void BatchShrunk(this ILogger logger, int size, int newSize, TimeSpan retryAfter);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Warning, Message = "Dataverse refused {Operation} {Key} in a batch ({Status} {Code}: {Message}); sending it alone")]
    public static partial void ItemFailed(this ILogger logger, string operation, string key, int status, string code, string message);

    [LoggerMessage(EventId = 3105, Level = LogLevel.Error, Message = "Dataverse refused {Operation} {Key} again when sent alone ({Status} {Code}: {Message})")]
    public static partial void ItemRefused(this ILogger logger, string operation, string key, int status, string code, string message);
}
