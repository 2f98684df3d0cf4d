using Microsoft.Extensions.Options;

namespace CrmSuite.Connector.Hosting;

/// <summary>The CRM adapters the connector can run on.</summary>
internal enum CrmProvider
{
    /// <summary>The embedded CRM, a SQLite file the connector owns (the default).</summary>
    Embedded,

    /// <summary>Dynamics 365 / Dataverse over the Web API.</summary>
    Dataverse,
}

/// <summary>Which CRM the connector syncs with, bound from <c>Crm</c>: <c>Crm:Provider = Embedded | Dataverse</c>.</summary>
internal sealed class CrmProviderOptions
{
    public const string Section = "Crm";

    /// <summary><c>Crm:Provider</c>: <c>Embedded</c> (default) or <c>Dataverse</c>, case-insensitive.</summary>
    public string Provider { get; set; } = nameof(CrmProvider.Embedded);

    /// <summary>The provider named by <paramref name="configuration"/>, or null when the name is not one of <see cref="CrmProvider"/>.</summary>
    public static CrmProvider? Read(IConfiguration configuration) => Parse(configuration[$"{Section}:{nameof(Provider)}"] ?? nameof(CrmProvider.Embedded));

    public static CrmProvider? Parse(string name) =>
        Enum.TryParse<CrmProvider>(name.Trim(), ignoreCase: true, out var provider) && Enum.IsDefined(provider) && !int.TryParse(name, out _) ? provider : null;
}

/// <summary>Refuses an unknown <c>Crm:Provider</c> at start, naming the key and the allowed values.</summary>
internal sealed class CrmProviderOptionsValidator : IValidateOptions<CrmProviderOptions>
{
    public ValidateOptionsResult Validate(string? name, CrmProviderOptions options) =>
        CrmProviderOptions.Parse(options.Provider) is null
            ? ValidateOptionsResult.Fail(
                $"{CrmProviderOptions.Section}:{nameof(CrmProviderOptions.Provider)} must be {string.Join(" or ", Enum.GetNames<CrmProvider>())}, got `{options.Provider}`.")
            : ValidateOptionsResult.Success;
}
