using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using CrmSuite.Connector.Crm.Embedded;
using CrmSuite.Connector.Store;
using CrmSuite.Connector.Sync;

namespace CrmSuite.Connector.Hosting;

/// <summary>
/// The opened data half of the connector: the embedded CRM, the state store (migrated), the outbox dispatcher and the
/// sync pipeline, built from validated options. One per process; the CLI verbs and the host's jobs share it.
/// </summary>
internal sealed class ConnectorServices : IAsyncDisposable
{
    private ConnectorServices(EmbeddedCrmGateway crm, SqliteStateStore store, OutboxDispatcher dispatcher, SyncPipeline pipeline, TaskEventProcessor taskEvents)
    {
        Crm = crm;
        Store = store;
        Dispatcher = dispatcher;
        Pipeline = pipeline;
        TaskEvents = taskEvents;
    }

    public EmbeddedCrmGateway Crm { get; }

    public SqliteStateStore Store { get; }

    public OutboxDispatcher Dispatcher { get; }

    public SyncPipeline Pipeline { get; }

    /// <summary>Delivers the CSMs' task outcomes recorded in the embedded CRM to their playbooks.</summary>
    public TaskEventProcessor TaskEvents { get; }

    /// <summary>
    /// One sync cycle: first the task outcomes still pending (left by a crash or a failed delivery), then the changed
    /// accounts and the outbox.
    /// </summary>
    public async Task<SyncSummary> SyncAsync(SyncMode mode, CancellationToken cancellationToken)
    {
        await TaskEvents.ProcessPendingAsync(cancellationToken);
        return await Pipeline.RunOnceAsync(mode, cancellationToken);
    }

    /// <summary>Reads and validates the options from <paramref name="configuration"/>; throws <see cref="OptionsValidationException"/> naming the keys.</summary>
    public static (EmbeddedCrmOptions Crm, StoreOptions Store, SyncOptions Sync) ReadOptions(IConfiguration configuration) =>
        (Validated(configuration, EmbeddedCrmOptions.Section, new EmbeddedCrmOptionsValidator()),
         Validated(configuration, StoreOptions.Section, new StoreOptionsValidator()),
         Validated(configuration, SyncOptions.Section, new SyncOptionsValidator()));

    public static async Task<ConnectorServices> OpenAsync(
        IConfiguration configuration, IAccountEvaluator evaluator, TimeProvider time, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var (crmOptions, storeOptions, syncOptions) = ReadOptions(configuration);
        var crm = new EmbeddedCrmGateway(Options.Create(crmOptions));
        var store = await SqliteStateStore.OpenAsync(storeOptions.Path, time, cancellationToken);
        var sync = Options.Create(syncOptions);
        var dispatcher = new OutboxDispatcher(crm, store, time, sync, loggers.CreateLogger<OutboxDispatcher>());
        var pipeline = new SyncPipeline(crm, store, evaluator, dispatcher, time, sync, loggers.CreateLogger<SyncPipeline>());
        var taskEvents = new TaskEventProcessor(crm, store, evaluator, dispatcher, time, loggers.CreateLogger<TaskEventProcessor>());
        return new ConnectorServices(crm, store, dispatcher, pipeline, taskEvents);
    }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        await Crm.DisposeAsync();
    }

    private static T Validated<T>(IConfiguration configuration, string section, IValidateOptions<T> validator)
        where T : class, new()
    {
        var options = new T();
        try
        {
            configuration.GetSection(section).Bind(options);
        }
        catch (InvalidOperationException ex)
        {
            // The binder's message names the key and the value it could not convert.
            throw new OptionsValidationException(section, typeof(T), [ex.Message]);
        }

        var result = validator.Validate(Options.DefaultName, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(section, typeof(T), result.Failures);
        }

        return options;
    }
}
