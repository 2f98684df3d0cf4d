using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace CrmSuite.Connector.Crm.Dataverse.Connection;

/// <summary>
/// The named HttpClient every Dataverse request goes through: BaseAddress the service root
/// <c>{Url}/api/data/v9.2/</c>, then, outermost first, the retry strategy (Polly, through
/// Microsoft.Extensions.Http.Resilience) with a timeout per attempt, the pacing (throttle gate and concurrency cap),
/// and the documented headers with the bearer token.
/// </summary>
internal static class DataverseHttp
{
    public const string ClientName = "dataverse";

    public static IServiceCollection AddDataverseHttp(this IServiceCollection services)
    {
        services.AddSingleton<DataverseAuthorityDiscovery>();
        services.AddSingleton<DataverseTokenSource>();
        services.AddSingleton<DataversePacing>();
        services.AddSingleton(sp => new ThrottleGate(sp.GetRequiredService<TimeProvider>()));
        services.AddTransient<DataversePacingHandler>();
        services.AddTransient<DataverseRequestHandler>();
        services.AddHttpClient(DataverseTokenSource.AuthorityClient);
        var client = services.AddHttpClient(ClientName, (sp, client) =>
            {
                client.BaseAddress = sp.GetRequiredService<IOptions<DataverseOptions>>().Value.Connection.ServiceRoot;
                // The pipeline's attempt timeout bounds each try; a client-wide timeout would cut off the Retry-After waits.
                client.Timeout = Timeout.InfiniteTimeSpan;
            });
        // Added first, so outermost: each retry goes again through the pacing and gets a current token.
        client.AddResilienceHandler("dataverse", (pipeline, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptions<DataverseOptions>>().Value;
                var time = context.ServiceProvider.GetRequiredService<TimeProvider>();
                var logger = context.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DataverseHttp).FullName!);
                // Polly refuses a retry strategy of 0 attempts: MaxRetries=0 means no retry strategy at all.
                if (options.MaxRetries > 0)
                {
                    pipeline.AddRetry(DataverseRetry.Options(options, time, logger));
                }

                pipeline.AddTimeout(options.AttemptTimeout);
            });
        client.AddHttpMessageHandler<DataversePacingHandler>()
            .AddHttpMessageHandler<DataverseRequestHandler>();
        return services;
    }
}
