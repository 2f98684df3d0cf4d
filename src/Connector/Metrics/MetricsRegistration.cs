using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CrmSuite.Connector.Metrics;

/// <summary>The metrics' one registration: the <c>Metrics</c> settings (validated at start) and the report builder.</summary>
internal static class MetricsRegistration
{
    public static IHostApplicationBuilder AddMetrics(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<MetricsSettings>().Bind(builder.Configuration.GetSection(MetricsSettings.Section)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<MetricsSettings>, MetricsSettingsValidator>();
        builder.Services.AddSingleton<MetricsReports>();
        return builder;
    }
}
