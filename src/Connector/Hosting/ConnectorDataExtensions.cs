using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using CrmSuite.Connector.Crm.Embedded;
using CrmSuite.Connector.Store;
using CrmSuite.Connector.Sync;

namespace CrmSuite.Connector.Hosting;

/// <summary>Wiring of the connector's data half (CRM gateway, state store, sync) into a host.</summary>
internal static class ConnectorDataExtensions
{
    /// <summary>
    /// Binds and validates (at start) the options of the embedded CRM, the state store and the sync, and registers
    /// <see cref="TimeProvider.System"/> unless a clock is registered already. The host opens <see cref="ConnectorServices"/>
    /// with <see cref="ConnectorServices.OpenAsync"/> from those options.
    /// </summary>
    public static IServiceCollection AddConnectorData(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EmbeddedCrmOptions>().Bind(configuration.GetSection(EmbeddedCrmOptions.Section)).ValidateOnStart();
        services.AddOptions<StoreOptions>().Bind(configuration.GetSection(StoreOptions.Section)).ValidateOnStart();
        services.AddOptions<SyncOptions>().Bind(configuration.GetSection(SyncOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<EmbeddedCrmOptions>, EmbeddedCrmOptionsValidator>();
        services.AddSingleton<IValidateOptions<StoreOptions>, StoreOptionsValidator>();
        services.AddSingleton<IValidateOptions<SyncOptions>, SyncOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }
}
