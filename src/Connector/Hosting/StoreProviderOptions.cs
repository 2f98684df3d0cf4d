using Microsoft.Extensions.Options;

namespace CrmSuite.Connector.Hosting;

/// <summary>The state stores the connector can run on.</summary>
internal enum StoreProvider
{
    /// <summary>One SQLite file (<c>Store:Sqlite:Path</c>), the default.</summary>
    Sqlite,

    /// <summary>A PostgreSQL database (<c>Store:ConnectionString</c>).</summary>
    PostgreSql,
}

/// <summary>Which state store the connector keeps its state in, bound from <c>Store</c>: <c>Store:Provider = Sqlite | PostgreSql</c>.</summary>
internal sealed class StoreProviderOptions
{
    public const string Section = "Store";

    /// <summary><c>Store:Provider</c>: <c>Sqlite</c> (default) or <c>PostgreSql</c>, case-insensitive.</summary>
    public string Provider { get; set; } = nameof(StoreProvider.Sqlite);

    public static StoreProvider? Read(IConfiguration configuration) => Parse(configuration[$"{Section}:{nameof(Provider)}"] ?? nameof(StoreProvider.Sqlite));

    public static StoreProvider? Parse(string name) =>
        Enum.TryParse<StoreProvider>(name.Trim(), ignoreCase: true, out var provider) && Enum.IsDefined(provider) && !int.TryParse(name, out _) ? provider : null;
}

/// <summary>Refuses an unknown <c>Store:Provider</c> at start, naming the key and the allowed values.</summary>
internal sealed class StoreProviderOptionsValidator : IValidateOptions<StoreProviderOptions>
{
    public ValidateOptionsResult Validate(string? name, StoreProviderOptions options) =>
        StoreProviderOptions.Parse(options.Provider) is null
            ? ValidateOptionsResult.Fail(
                $"{StoreProviderOptions.Section}:{nameof(StoreProviderOptions.Provider)} must be {string.Join(" or ", Enum.GetNames<StoreProvider>())}, got `{options.Provider}`.")
            : ValidateOptionsResult.Success;
}
