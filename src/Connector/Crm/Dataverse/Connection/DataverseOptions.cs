using Microsoft.Extensions.Options;

namespace CrmSuite.Connector.Crm.Dataverse.Connection;

/// <summary>Options of the Dataverse connection, bound from <c>Crm:Dataverse</c>.</summary>
internal sealed class DataverseOptions
{
    public const string Section = "Crm:Dataverse";

    /// <summary>
    /// <c>Crm:Dataverse:ConnectionString</c> (or CRMSUITE_Crm__Dataverse__ConnectionString):
    /// <c>AuthType=ClientSecret;Url=https://org.crm.dynamics.com;ClientId=…;ClientSecret=…[;TenantId=…]</c>. Never logged.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// Where tenants sign in when the connection string names its TenantId (<c>Crm:Dataverse:AuthorityHost</c>); without
    /// a TenantId the authority comes from the environment's own authentication challenge.
    /// </summary>
    public Uri AuthorityHost { get; set; } = new("https://login.microsoftonline.com/");

    /// <summary>
    /// The most requests in flight at once (<c>Crm:Dataverse:MaxConcurrency</c>). The server's <c>x-ms-dop-hint</c> lowers
    /// (or raises, up to this ceiling) the limit as responses arrive.
    /// </summary>
    public int MaxConcurrency { get; set; } = 16;

    /// <summary>Retries of one request after a throttling answer, a transient server error or a timeout (<c>Crm:Dataverse:MaxRetries</c>).</summary>
    public int MaxRetries { get; set; } = 6;

    /// <summary>The first backoff after a transient error, doubled (with jitter) on each retry (<c>Crm:Dataverse:RetryDelay</c>).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long one attempt may take before it counts as a timeout and is retried (<c>Crm:Dataverse:AttemptTimeout</c>).</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromMinutes(2);

    private Parsed? _parsed;

    /// <summary>
    /// The parsed <see cref="ConnectionString"/>, parsed once (every request's token asks for it); valid once the options
    /// passed <see cref="DataverseOptionsValidator"/>.
    /// </summary>
    public DataverseConnectionString Connection
    {
        get
        {
            var parsed = _parsed;
            if (parsed is null || !ReferenceEquals(parsed.Text, ConnectionString))
            {
                parsed = new Parsed(ConnectionString, DataverseConnectionString.TryParse(ConnectionString, out _)
                    ?? throw new InvalidOperationException($"{Section}:{nameof(ConnectionString)} is not valid."));
                _parsed = parsed;
            }

            return parsed.Connection;
        }
    }

    private sealed record Parsed(string? Text, DataverseConnectionString Connection);
}

/// <summary>Checks <see cref="DataverseOptions"/> at start, naming the key at fault; never repeats the secret.</summary>
internal sealed class DataverseOptionsValidator : IValidateOptions<DataverseOptions>
{
    public ValidateOptionsResult Validate(string? name, DataverseOptions options)
    {
        const string Section = DataverseOptions.Section;
        var failures = new List<string>();
        DataverseConnectionString.TryParse(options.ConnectionString, out var errors);
        failures.AddRange(errors.Select(e => $"{Section}:{nameof(DataverseOptions.ConnectionString)} {e}."));
        if (options.MaxConcurrency is < 1 or > DataverseLimits.ConcurrentRequests)
        {
            failures.Add($"{Section}:{nameof(DataverseOptions.MaxConcurrency)} must be between 1 and {DataverseLimits.ConcurrentRequests} (the service's concurrent-request limit), got {options.MaxConcurrency}.");
        }

        if (options.MaxRetries is < 0 or > 50)
        {
            failures.Add($"{Section}:{nameof(DataverseOptions.MaxRetries)} must be between 0 and 50, got {options.MaxRetries}.");
        }

        if (options.RetryDelay <= TimeSpan.Zero || options.RetryDelay > TimeSpan.FromMinutes(5))
        {
            failures.Add($"{Section}:{nameof(DataverseOptions.RetryDelay)} must be a duration between 00:00:00.001 and 00:05:00, got {options.RetryDelay}.");
        }

        if (options.AttemptTimeout < TimeSpan.FromSeconds(1) || options.AttemptTimeout > TimeSpan.FromHours(1))
        {
            failures.Add($"{Section}:{nameof(DataverseOptions.AttemptTimeout)} must be a duration between 00:00:01 and 01:00:00, got {options.AttemptTimeout}.");
        }

        if (!options.AuthorityHost.IsAbsoluteUri || options.AuthorityHost.Scheme != Uri.UriSchemeHttps)
        {
            failures.Add($"{Section}:{nameof(DataverseOptions.AuthorityHost)} must be an https address such as https://login.microsoftonline.com/, got {options.AuthorityHost}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

/// <summary>The service protection limits of "Service protection API limits" the client respects.</summary>
internal static class DataverseLimits
{
    /// <summary>Concurrent requests per user and web server.</summary>
    public const int ConcurrentRequests = 52;
}
