using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CrmSuite.Connector.Sync;

/// <summary>The sync's registration: its options, the evaluator over the published playbooks, the pipeline, the event path and the outbox.</summary>
internal static class SyncRegistration
{
    public static IHostApplicationBuilder AddSync(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SyncOptions>().Bind(builder.Configuration.GetSection(SyncOptions.Section)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<SyncOptions>, SyncOptionsValidator>();
        builder.Services.AddSingleton<IAccountEvaluator, RuntimeAccountEvaluator>();
        builder.Services.AddSingleton<Licensing.ProposalDrafting>();
        builder.Services.AddSingleton<Licensing.LicenseTransition>();
        builder.Services.AddSingleton<CrmDelivery>();
        builder.Services.AddSingleton<TaskRouter>();
        builder.Services.AddSingleton<OutboxDispatcher>();
        builder.Services.AddSingleton<PageEvaluation>();
        builder.Services.AddSingleton<SyncPipeline>();
        builder.Services.AddSingleton<SyncDryRun>();
        builder.Services.AddSingleton<DryRunEvents>();
        builder.Services.AddSingleton<CrmEventApplier>();
        builder.Services.AddSingleton<TaskEventProcessor>();
        builder.Services.AddSingleton<ProposalEventProcessor>();
        builder.Services.AddSingleton<SyncGate>();
        builder.Services.AddSingleton<SyncCycle>();
        return builder;
    }
}
