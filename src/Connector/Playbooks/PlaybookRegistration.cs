using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using CrmSuite.PlaybookEngine.Runtime;

namespace CrmSuite.Connector.Playbooks;

/// <summary>The published playbooks: loaded once, when first needed, from <c>Connector:PlaybooksPath</c>; refused whole on any error.</summary>
internal static class PlaybookRegistration
{
    public static IHostApplicationBuilder AddPlaybooks(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<PlaybookOptions>().Bind(builder.Configuration.GetSection(PlaybookOptions.Section)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<PlaybookOptions>, PlaybookOptionsValidator>();
        builder.Services.AddSingleton<PublishedOffers>();
        builder.Services.AddSingleton(sp => PublishedPlaybooks.LoadOrThrow(sp.GetRequiredService<IOptions<PlaybookOptions>>().Value.PlaybooksPath));
        return builder;
    }
}
