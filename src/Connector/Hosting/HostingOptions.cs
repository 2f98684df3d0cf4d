using System.Net;
using Microsoft.Extensions.Options;

namespace CrmSuite.Connector.Hosting;

/// <summary>Options of the long-running connector, bound from <c>Connector</c>.</summary>
internal sealed class HostingOptions
{
    public const string Section = "Connector";

    /// <summary>Port of the web UI (<c>Connector:WebPort</c>).</summary>
    public int WebPort { get; set; } = 5080;

    /// <summary>
    /// The IP address the web UI listens on (<c>Connector:WebBind</c>): loopback by default; any other address (e.g.
    /// <c>0.0.0.0</c>) requires <see cref="ApiKey"/>.
    /// </summary>
    public string WebBind { get; set; } = "127.0.0.1";

    /// <summary>
    /// Host names the web UI answers, separated by <c>;</c> (<c>Connector:AllowedHosts</c>); any other <c>Host</c> header
    /// gets 400. The address of <see cref="WebBind"/> is always allowed.
    /// </summary>
    public string AllowedHosts { get; set; } = "localhost;127.0.0.1";

    /// <summary>
    /// The secret every <c>/api</c> request must carry in the <c>X-CrmSuite-Key</c> header (<c>Connector:ApiKey</c>);
    /// required when <see cref="WebBind"/> is not a loopback address, optional otherwise. Never logged.
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>The smallest <see cref="ApiKey"/> accepted, in characters.</summary>
    public const int MinApiKeyLength = 16;

    /// <summary>The parsed <see cref="WebBind"/>; valid once the options passed <see cref="HostingOptionsValidator"/>.</summary>
    public IPAddress WebAddress => IPAddress.Parse(WebBind);

    /// <summary>The host names of <see cref="AllowedHosts"/>, plus the address of <see cref="WebBind"/> unless it means every address.</summary>
    public IReadOnlyList<string> AllowedHostNames()
    {
        var names = AllowedHosts.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        var address = WebAddress;
        if (!address.Equals(IPAddress.Any) && !address.Equals(IPAddress.IPv6Any))
        {
            names.Add(address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString());
        }

        return [.. names.Distinct(StringComparer.OrdinalIgnoreCase)];
    }

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

        failures.AddRange(WebFailures(options));

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

    private static IEnumerable<string> WebFailures(HostingOptions options)
    {
        const string Section = HostingOptions.Section;
        var bound = IPAddress.TryParse(options.WebBind, out var address);
        if (!bound)
        {
            yield return $"{Section}:{nameof(HostingOptions.WebBind)} must be an IP address such as 127.0.0.1 (loopback, the default) or 0.0.0.0 (every address), got `{options.WebBind}`.";
        }

        var hosts = options.AllowedHosts.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (hosts.Length == 0 || hosts.Contains("*"))
        {
            yield return $"{Section}:{nameof(HostingOptions.AllowedHosts)} must list the host names the web UI answers, separated by `;` (e.g. `localhost;127.0.0.1;crm.example.com`); `*` would let any website reach it through DNS rebinding, got `{options.AllowedHosts}`.";
        }

        var key = options.ApiKey ?? "";
        if (key.Length == 0 && bound && !IPAddress.IsLoopback(address!))
        {
            yield return $"{Section}:{nameof(HostingOptions.ApiKey)} is required when {Section}:{nameof(HostingOptions.WebBind)} is {address}, which is not a loopback address: set a secret of at least {HostingOptions.MinApiKeyLength} characters (e.g. CRMSUITE_Connector__ApiKey) that every /api request must send in the X-CrmSuite-Key header.";
        }
        else if (key.Length is > 0 and < HostingOptions.MinApiKeyLength || (key.Length > 0 && key.Trim().Length != key.Length))
        {
            // The key itself is never echoed: only its length.
            yield return $"{Section}:{nameof(HostingOptions.ApiKey)} must be at least {HostingOptions.MinApiKeyLength} characters without leading or trailing spaces, got {key.Length} character(s).";
        }
    }
}
