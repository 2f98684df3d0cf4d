using Microsoft.Extensions.Options;

namespace CrmSuite.Connector.Hosting;

/// <summary>The long-running host's own registration.</summary>
internal static class ConnectorHostingRegistration
{
    /// <summary>The host's own options and its startup (seed an empty CRM, first sync).</summary>
    public static IHostApplicationBuilder AddConnectorHosting(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<HostingOptions>().Bind(builder.Configuration.GetSection(HostingOptions.Section)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<HostingOptions>, HostingOptionsValidator>();
        builder.Services.AddHostedService<ConnectorStartup>();
        return builder;
    }
}
