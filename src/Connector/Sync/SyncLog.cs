using Microsoft.Extensions.Logging;

namespace CrmSuite.Connector.Sync;

/// <summary>The sync's log lines, source-generated.</summary>
internal static partial class SyncLog
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "Sync #{SyncId} ({Mode}) started from watermark {Watermark}; {Pending} accounts to evaluate (blank when the CRM cannot count)")]
    public static partial void Started(this ILogger logger, long syncId, SyncMode mode, string watermark, long? pending);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Sync #{SyncId}: {Done} accounts done in {Pages} pages, {Rate:0} accounts/s, ETA {Eta}")]
    public static partial void Progress(this ILogger logger, long syncId, long done, long pages, double rate, string eta);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Quarantined account {AccountId} record {RecordId}: {Field}: {Reason}")]
    public static partial void Quarantined(this ILogger logger, string accountId, string recordId, string field, string reason);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Warning, Message = "Account {AccountId}: playbook {PlaybookId} v{Version} state {State} does not exist in v{TargetVersion}; the instance stays frozen on v{Version} until a version with that state is published (`crmsuite status` lists these)")]
    public static partial void Unplaced(this ILogger logger, string accountId, string playbookId, int version, string state, int targetVersion);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "{Summary}")]
    public static partial void Finished(this ILogger logger, SyncSummary summary);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "Sync #{SyncId} cancelled after {Done} accounts; the page in progress was not committed and will be evaluated again")]
    public static partial void Cancelled(this ILogger logger, long syncId, long done);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Error, Message = "Sync #{SyncId} failed after {Done} accounts; committed pages are kept")]
    public static partial void Failed(this ILogger logger, Exception exception, long syncId, long done);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Debug, Message = "Outbox: delivered {Count} CRM writes ({Tasks} tasks, {Proposals} proposals, {Stages} stages)")]
    public static partial void Delivered(this ILogger logger, int count, int tasks, int proposals, int stages);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Error, Message = "Outbox: delivering {Count} CRM writes failed; they stay in the outbox for the next cycle")]
    public static partial void DeliveryFailed(this ILogger logger, Exception exception, int count);

    [LoggerMessage(EventId = 1012, Level = LogLevel.Warning, Message = "Outbox: delivering {Count} CRM writes during the sync failed; they and the rest of this sync's writes stay in the outbox for the dispatcher")]
    public static partial void PageDeliveryFailed(this ILogger logger, Exception exception, int count);
}
