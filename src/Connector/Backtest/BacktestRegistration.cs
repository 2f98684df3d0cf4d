using CrmSuite.Connector.Crm;
using CrmSuite.Connector.Store;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CrmSuite.Connector.Backtest;

/// <summary>The backtest's one registration: its options and the replayer, over the CRM's history port when the CRM offers one.</summary>
internal static class BacktestRegistration
{
    public static IHostApplicationBuilder AddBacktest(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<BacktestOptions>().Bind(builder.Configuration.GetSection(BacktestOptions.Section)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<BacktestOptions>, BacktestOptionsValidator>();
        builder.Services.AddSingleton(sp => new Backtester(
            sp.GetService<ICrmHistory>(), sp.GetRequiredService<IMrrHistory>(), sp.GetRequiredService<IOptions<Routing.RoutingOptions>>()));
        return builder;
    }
}
