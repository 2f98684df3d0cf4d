using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CrmSuite.Connector.Routing;

/// <summary>Capacity routing's registration: its options, validated at start.</summary>
internal static class RoutingRegistration
{
    public static IHostApplicationBuilder AddRouting(this IHostApplicationBuilder builder)
    {
        // One capacity for the sync and the backtest: without Routing:WeeklyCapacity, the backtest's Workbench:CsmWeeklyCapacity.
        var fallback = builder.Configuration.GetValue<int?>("Workbench:CsmWeeklyCapacity") ?? RoutingOptions.DefaultWeeklyCapacity;
        builder.Services.AddOptions<RoutingOptions>().Bind(builder.Configuration.GetSection(RoutingOptions.Section))
            .Configure(o => o.FallbackCapacity = fallback).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<RoutingOptions>, RoutingOptionsValidator>();
        return builder;
    }
}
