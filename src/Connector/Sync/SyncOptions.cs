using Microsoft.Extensions.Options;

namespace CrmSuite.Connector.Sync;

/// <summary>Options of the sync pipeline and the outbox dispatcher, bound from <c>Sync</c>.</summary>
internal sealed class SyncOptions
{
    public const string Section = "Sync";

    /// <summary>Accounts per page read from the CRM and committed per transaction (<c>Sync:PageSize</c>).</summary>
    public int PageSize { get; set; } = 1000;

    /// <summary>Outbox rows delivered per CRM batch (<c>Sync:OutboxBatchSize</c>).</summary>
    public int OutboxBatchSize { get; set; } = 1000;

    /// <summary>Seconds between progress lines of a long sync (<c>Sync:ProgressIntervalSeconds</c>).</summary>
    public int ProgressIntervalSeconds { get; set; } = 5;

    /// <summary>
    /// The IANA time zone whose calendar decides "today" for time triggers, sustained conditions, due and expiry dates
    /// (<c>Sync:TimeZone</c>, e.g. <c>Europe/Paris</c>); UTC by default.
    /// </summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>The zone <see cref="TimeZone"/> names; valid once the options were validated at start.</summary>
    public TimeZoneInfo ResolveTimeZone() => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
}

/// <summary>Checks <see cref="SyncOptions"/> at start, naming the configuration key at fault.</summary>
internal sealed class SyncOptionsValidator : IValidateOptions<SyncOptions>
{
    public ValidateOptionsResult Validate(string? name, SyncOptions options)
    {
        var failures = new List<string>();
        if (options.PageSize is < 1 or > 10_000)
        {
            failures.Add($"{SyncOptions.Section}:{nameof(SyncOptions.PageSize)} must be between 1 and 10000, got {options.PageSize}.");
        }

        if (options.OutboxBatchSize is < 1 or > 10_000)
        {
            failures.Add($"{SyncOptions.Section}:{nameof(SyncOptions.OutboxBatchSize)} must be between 1 and 10000, got {options.OutboxBatchSize}.");
        }

        if (options.ProgressIntervalSeconds < 1)
        {
            failures.Add($"{SyncOptions.Section}:{nameof(SyncOptions.ProgressIntervalSeconds)} must be at least 1, got {options.ProgressIntervalSeconds}.");
        }

        if (string.IsNullOrWhiteSpace(options.TimeZone) || !TimeZoneInfo.TryFindSystemTimeZoneById(options.TimeZone, out _))
        {
            failures.Add($"{SyncOptions.Section}:{nameof(SyncOptions.TimeZone)} must be an IANA time zone id such as `UTC` or `Europe/Paris`, got `{options.TimeZone}`.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
