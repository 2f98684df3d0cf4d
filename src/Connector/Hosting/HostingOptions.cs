using Microsoft.Extensions.Options;

namespace CrmSuite.Connector.Hosting;

/// <summary>Options of the long-running connector, bound from <c>Connector</c>.</summary>
internal sealed class HostingOptions
{
    public const string Section = "Connector";

    /// <summary>Loopback port of the web UI (<c>Connector:WebPort</c>).</summary>
    public int WebPort { get; set; } = 5080;

    /// <summary>Accounts seeded into an empty embedded CRM on first start (<c>Connector:DemoAccounts</c>); 0 seeds nothing.</summary>
    public int DemoAccounts { get; set; } = 2000;

    /// <summary>Days of history the demo seed of an empty CRM plays (<c>Connector:DemoHistoryDays</c>).</summary>
    public int DemoHistoryDays { get; set; } = Demo.DemoHistoryDefaults.Days;

    /// <summary>Quartz cron of the account sync (<c>Connector:SyncCron</c>); every 5 minutes by default.</summary>
    public string SyncCron { get; set; } = "0 0/5 * * * ?";

    /// <summary>Quartz cron of the time-trigger sweep that re-evaluates every account (<c>Connector:SweepCron</c>).</summary>
    public string SweepCron { get; set; } = "0 15 * * * ?";

    /// <summary>Quartz cron of the daily MRR snapshot (<c>Connector:MrrSnapshotCron</c>).</summary>
    public string MrrSnapshotCron { get; set; } = "0 5 0 * * ?";
}

/// <summary>Checks <see cref="HostingOptions"/> at start, naming the key at fault and what is expected.</summary>
internal sealed class HostingOptionsValidator : IValidateOptions<HostingOptions>
{
    /// <summary>Binds <paramref name="into"/> from the configuration and returns every problem, naming the key.</summary>
    public static IReadOnlyList<string> Read(IConfiguration configuration, HostingOptions into)
    {
        try
        {
            configuration.GetSection(HostingOptions.Section).Bind(into);
        }
        catch (InvalidOperationException ex)
        {
            // The binder's message names the key and the value it could not convert.
            return [ex.Message];
        }

        var result = new HostingOptionsValidator().Validate(null, into);
        return result.Failed ? [.. result.Failures] : [];
    }

    public ValidateOptionsResult Validate(string? name, HostingOptions options)
    {
        var failures = new List<string>();
        if (options.WebPort is < 1 or > 65535)
        {
            failures.Add($"{HostingOptions.Section}:{nameof(HostingOptions.WebPort)} must be a TCP port between 1 and 65535, got {options.WebPort}.");
        }

        if (options.DemoAccounts < 0)
        {
            failures.Add($"{HostingOptions.Section}:{nameof(HostingOptions.DemoAccounts)} must be 0 or more, got {options.DemoAccounts}.");
        }

        if (options.DemoHistoryDays is < 0 or > Demo.DemoHistoryDefaults.MaxDays)
        {
            failures.Add($"{HostingOptions.Section}:{nameof(HostingOptions.DemoHistoryDays)} must be between 0 and {Demo.DemoHistoryDefaults.MaxDays}, got {options.DemoHistoryDays}.");
        }

        foreach (var (key, cron) in new[] { (nameof(options.SyncCron), options.SyncCron), (nameof(options.SweepCron), options.SweepCron), (nameof(options.MrrSnapshotCron), options.MrrSnapshotCron) })
        {
            if (!Quartz.CronExpression.TryParse(cron, out _))
            {
                failures.Add($"{HostingOptions.Section}:{key} must be a Quartz cron expression such as `0 0/5 * * * ?`, got `{cron}`.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
