using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CrmSuite.Connector.Store.PostgreSql;

/// <summary>The PostgreSQL state store's one registration: its options, the store behind every store port, and its writer claim.</summary>
internal static class PostgreSqlStoreRegistration
{
    public static IHostApplicationBuilder AddPostgreSqlStateStore(this IHostApplicationBuilder builder)
    {
        builder.AddOptions();
        // Built on first use, like the SQLite store: connecting and migrating happen when a verb first needs the store.
        builder.Services.AddOptions<Cluster.ClusterOptions>().Bind(builder.Configuration.GetSection(Cluster.ClusterOptions.Section)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<Cluster.ClusterOptions>, Cluster.ClusterOptionsValidator>();
        builder.Services.AddSingleton(sp => ClusterNode.Create(sp.GetRequiredService<IOptions<Cluster.ClusterOptions>>().Value.OutboxLease));
        builder.Services.AddSingleton(sp => PostgreSqlStateStore.OpenAsync(ConnectionString(sp), sp.GetRequiredService<TimeProvider>(), CancellationToken.None,
            sp.GetRequiredService<ClusterNode>()).GetAwaiter().GetResult());
        builder.Services.AddSingleton<IPageStore>(sp => sp.GetRequiredService<PostgreSqlStateStore>());
        builder.Services.AddSingleton<IOutbox>(sp => sp.GetRequiredService<PostgreSqlStateStore>());
        builder.Services.AddSingleton<ISyncRuns>(sp => sp.GetRequiredService<PostgreSqlStateStore>());
        builder.Services.AddSingleton<IMrrLedger>(sp => sp.GetRequiredService<PostgreSqlStateStore>());
        builder.Services.AddSingleton<IStoreStatus>(sp => sp.GetRequiredService<PostgreSqlStateStore>());
        builder.Services.AddSingleton<ITaskRouting>(sp => sp.GetRequiredService<PostgreSqlStateStore>());
        builder.Services.AddSingleton<ISuppressedTouches>(sp => sp.GetRequiredService<PostgreSqlStateStore>());
        builder.Services.AddSingleton<IMetricsStore>(sp => sp.GetRequiredService<PostgreSqlStateStore>());
        builder.Services.AddSingleton<IUpgradeOverview>(sp => new PostgreSqlUpgradeOverview(sp.GetRequiredService<PostgreSqlStateStore>()));
        builder.Services.AddSingleton<Locking.IWriterClaim>(sp => new PostgreSqlWriterClaim(ConnectionString(sp)));
        // demo seed builds a new SQLite file beside the old one and moves it in; there is no such file here.
        builder.Services.AddSingleton<StateStoreFile>(_ => throw new StoreUnavailableException(
            "demo seed builds a SQLite state store: seed with Store:Provider=Sqlite, then move it with `crmsuite store migrate --to postgresql`."));
        // The workbench verbs read the SQLite store's files directly so far.
        builder.Services.AddSingleton<IStateSnapshot>(_ => throw NotYetOnPostgreSql("preview, diff and sync --dry-run"));
        builder.Services.AddSingleton<IMrrHistory>(_ => throw NotYetOnPostgreSql("backtest"));
        builder.Services.AddSingleton<ISubscriptionHistoryStore>(_ => throw NotYetOnPostgreSql("import --subscription-history"));
        return builder;
    }

    private static StoreUnavailableException NotYetOnPostgreSql(string what) => new(
        $"{what} read a SQLite state store and are not available with Store:Provider=PostgreSql yet; " +
        "run them on a SQLite copy of the store (Store:Provider=Sqlite).");

    /// <summary>The PostgreSQL state store as the target of <c>crmsuite store migrate --to postgresql</c>, with its writer claim.</summary>
    public static IHostApplicationBuilder AddPostgreSqlStoreImport(this IHostApplicationBuilder builder)
    {
        builder.AddOptions();
        builder.Services.AddSingleton<IStoreImport>(sp => new PostgreSqlStoreImport(ConnectionString(sp), sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton<Locking.IWriterClaim>(sp => new PostgreSqlWriterClaim(ConnectionString(sp)));
        return builder;
    }

    private static void AddOptions(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<PostgreSqlStoreOptions>().Bind(builder.Configuration.GetSection(PostgreSqlStoreOptions.Section)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<PostgreSqlStoreOptions>, PostgreSqlStoreOptionsValidator>();
    }

    private static string ConnectionString(IServiceProvider services) =>
        services.GetRequiredService<IOptions<PostgreSqlStoreOptions>>().Value.ConnectionString!;
}

/// <summary>Checks the PostgreSQL store's options, naming the key at fault.</summary>
internal sealed class PostgreSqlStoreOptionsValidator : IValidateOptions<PostgreSqlStoreOptions>
{
    private const string Key = $"{PostgreSqlStoreOptions.Section}:{nameof(PostgreSqlStoreOptions.ConnectionString)}";

    public ValidateOptionsResult Validate(string? name, PostgreSqlStoreOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return ValidateOptionsResult.Fail($"{Key} must be set when Store:Provider is PostgreSql, e.g. Host=localhost;Port=5432;Database=crmsuite;Username=crmsuite.");
        }

        try
        {
            _ = new Npgsql.NpgsqlConnectionStringBuilder(options.ConnectionString);
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException ex)
        {
            // The builder's message names the keyword, never the value (the value may be a password).
            return ValidateOptionsResult.Fail($"{Key} is not a valid connection string: {ex.Message}");
        }
    }
}
