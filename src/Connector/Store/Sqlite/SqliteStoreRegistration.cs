using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CrmSuite.Connector.Store.Sqlite;

/// <summary>The SQLite state store's one registration: its options, and the store behind every store port.</summary>
internal static class SqliteStoreRegistration
{
    public static IHostApplicationBuilder AddStateStore(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SqliteStoreOptions>().Bind(builder.Configuration.GetSection(SqliteStoreOptions.Section)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<SqliteStoreOptions>, SqliteStoreOptionsValidator>();
        builder.Services.AddSingleton<SqliteStateStore>();
        builder.Services.AddSingleton<IPageStore>(sp => sp.GetRequiredService<SqliteStateStore>());
        builder.Services.AddSingleton<IOutbox>(sp => sp.GetRequiredService<SqliteStateStore>());
        builder.Services.AddSingleton<ISyncRuns>(sp => sp.GetRequiredService<SqliteStateStore>());
        builder.Services.AddSingleton<IMrrLedger>(sp => sp.GetRequiredService<SqliteStateStore>());
        builder.Services.AddSingleton<IStoreStatus>(sp => sp.GetRequiredService<SqliteStateStore>());
        builder.Services.AddSingleton<ISuppressedTouches>(sp => sp.GetRequiredService<SqliteStateStore>());
        builder.Services.AddSingleton<IUpgradeOverview>(sp => new SqliteUpgradeOverview(sp.GetRequiredService<SqliteStateStore>()));
        builder.Services.AddSingleton<IMetricsStore>(sp => sp.GetRequiredService<SqliteStateStore>());
        builder.Services.AddSingleton<ITaskRouting>(sp => sp.GetRequiredService<SqliteStateStore>());
        builder.Services.AddSingleton<ISubscriptionHistoryStore>(sp => sp.GetRequiredService<SqliteStateStore>());
        builder.Services.AddSingleton<IStateSnapshot, SqliteStateSnapshot>();
        builder.Services.AddSingleton<IMrrHistory, SqliteMrrHistory>();
        builder.Services.AddSingleton(sp => new StateStoreFile(sp.GetRequiredService<IOptions<SqliteStoreOptions>>().Value.Path));
        builder.Services.AddSingleton(sp => new Locking.DataFile(sp.GetRequiredService<IOptions<SqliteStoreOptions>>().Value.Path, Locking.DataWrites.State));
        return builder;
    }

    /// <summary>The SQLite state store as the source of <c>crmsuite store migrate</c> (with <see cref="AddStateStore"/>, which it reads the path of).</summary>
    public static IHostApplicationBuilder AddStateStoreExport(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IStoreExport>(sp =>
            new SqliteStoreExport(sp.GetRequiredService<IOptions<SqliteStoreOptions>>().Value.Path, sp.GetRequiredService<TimeProvider>()));
        return builder;
    }
}

/// <summary>Checks the state store's options, naming the key at fault.</summary>
internal sealed class SqliteStoreOptionsValidator : IValidateOptions<SqliteStoreOptions>
{
    public ValidateOptionsResult Validate(string? name, SqliteStoreOptions options) =>
        string.IsNullOrWhiteSpace(options.Path)
            ? ValidateOptionsResult.Fail($"{SqliteStoreOptions.Section}:{nameof(SqliteStoreOptions.Path)} must name the SQLite file of the state store, e.g. data/state.db.")
            : ValidateOptionsResult.Success;
}
