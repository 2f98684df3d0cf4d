using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using CrmSuite.Plugins.Handlers;

namespace CrmSuite.Connector.Webhooks;

/// <summary>The webhook endpoints' one registration: options, credentials, the inbox, the worker and the connector's actions.</summary>
internal static class WebhookRegistration
{
    public static IHostApplicationBuilder AddWebhooks(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<WebhookOptions>().Bind(builder.Configuration.GetSection(WebhookOptions.Section)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<WebhookOptions>, WebhookOptionsValidator>();
        builder.Services.AddSingleton(sp => new WebhookCredentials(sp.GetRequiredService<IOptions<WebhookOptions>>().Value));
        // On a cluster every node shares the inbox in the PostgreSQL state store (its registration provides it); one node
        // keeps it in a SQLite file of its own.
        if (Hosting.StoreProviderOptions.Read(builder.Configuration) != Hosting.StoreProvider.PostgreSql)
        {
            builder.Services.AddSingleton<WebhookInbox>();
            builder.Services.AddSingleton<IWebhookInbox>(sp => sp.GetRequiredService<WebhookInbox>());
            builder.Services.AddSingleton(sp => new Locking.DataFile(sp.GetRequiredService<IOptions<WebhookOptions>>().Value.InboxPath, Locking.DataWrites.State));
        }

        builder.Services.AddSingleton(sp => new DiscountReview(
            sp.GetServices<Crm.ICrmDeals>(), sp.GetRequiredService<Playbooks.PublishedOffers>(), sp.GetRequiredService<IOptions<WebhookOptions>>().Value,
            sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton<IPluginActions, ConnectorPluginActions>();
        builder.Services.AddSingleton<WebhookWorker>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<WebhookWorker>());
        return builder;
    }
}
