using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using CrmSuite.Connector.Crm.Dataverse;
using CrmSuite.Connector.Crm.Embedded;
using CrmSuite.Connector.Metrics;
using CrmSuite.Connector.Playbooks;
using CrmSuite.Connector.Store.PostgreSql;
using CrmSuite.Connector.Store.Sqlite;
using CrmSuite.Connector.Sync;

namespace CrmSuite.Connector.Hosting;

/// <summary>
/// The composition root shared by the long-running host and every CLI verb: the same configuration, the same object graph.
/// Each area registers itself; the CRM adapter and the state store are chosen here, in one line each.
/// </summary>
internal static class ConnectorComposition
{
    /// <summary>The connector's data half: playbooks, the CRM port's adapter, the state store, the sync, the metrics and the clock.</summary>
    public static IHostApplicationBuilder AddConnectorCore(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.AddPlaybooks();
        builder.AddCrm();
        builder.AddStore();
        Routing.RoutingRegistration.AddRouting(builder);
        builder.AddSync();
        builder.AddMetrics();
        builder.Services.AddSingleton<Demo.DemoHistory>();
        Backtest.BacktestRegistration.AddBacktest(builder);
        return builder;
    }

    /// <summary>
    /// The CRM adapter <c>Crm:Provider</c> names. An unknown name registers the embedded CRM so the graph builds, and is
    /// refused when the host starts, naming the key (the same path as every other bad setting).
    /// </summary>
    private static IHostApplicationBuilder AddCrm(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<CrmProviderOptions>().Bind(builder.Configuration.GetSection(CrmProviderOptions.Section)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<CrmProviderOptions>, CrmProviderOptionsValidator>();
        return CrmProviderOptions.Read(builder.Configuration) == CrmProvider.Dataverse ? builder.AddDataverseCrm() : builder.AddEmbeddedCrm();
    }

    /// <summary>
    /// The state store <c>Store:Provider</c> names: SQLite by default, or PostgreSQL. An unknown name registers SQLite so
    /// the graph builds, and is refused when the host starts, naming the key.
    /// </summary>
    private static IHostApplicationBuilder AddStore(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<StoreProviderOptions>().Bind(builder.Configuration.GetSection(StoreProviderOptions.Section)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<StoreProviderOptions>, StoreProviderOptionsValidator>();
        if (StoreProviderOptions.Read(builder.Configuration) != StoreProvider.PostgreSql)
        {
            return builder.AddStateStore();
        }

        // A cluster's nodes share the webhook inbox in the PostgreSQL store, claimed under this node's id.
        builder.Services.AddSingleton<Webhooks.IWebhookInbox>(sp =>
        {
            var node = sp.GetRequiredService<ClusterNode>();
            return new Webhooks.PostgreSqlWebhookInbox(sp.GetRequiredService<PostgreSqlStateStore>().DataSource, node.Id, node.OutboxLease);
        });
        return builder.AddPostgreSqlStateStore();
    }

    /// <summary>
    /// What <c>crmsuite store migrate --to postgresql</c> adds to a verb host on the SQLite store: that store as the source,
    /// the PostgreSQL store of <c>Store:ConnectionString</c> as the target, and the target's writer claim.
    /// </summary>
    public static IHostApplicationBuilder AddStoreMigrationToPostgreSql(this IHostApplicationBuilder builder) =>
        builder.AddStateStoreExport().AddPostgreSqlStoreImport();

    /// <summary>A host for one CLI verb: the shared configuration with the verb's overrides, the core, and the verb's own services.</summary>
    /// <param name="configure">Lets a caller (a test) replace a service, e.g. the evaluator or the clock.</param>
    public static IHost BuildVerbHost(IReadOnlyDictionary<string, string?> overrides, Action<IHostApplicationBuilder>? configure)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = Directory.GetCurrentDirectory() });
        ConnectorConfiguration.Apply(builder.Configuration, null, overrides);
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
        // A verb reports a failed start itself (the key at fault, exit 2); the host's own log of it would add a stack trace.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });
        // Progress and warnings go to stderr, so stdout carries only the verb's result.
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.AddConnectorCore();
        configure?.Invoke(builder);
        return builder.Build();
    }
}
