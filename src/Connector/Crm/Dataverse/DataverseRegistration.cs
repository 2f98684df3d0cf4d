using CrmSuite.Connector.Crm.Dataverse.Connection;
using CrmSuite.Connector.Crm.Dataverse.Gateway;
using CrmSuite.Connector.Crm.Dataverse.Registration;
using CrmSuite.Connector.Crm.Dataverse.Schema;
using Microsoft.Extensions.Options;

namespace CrmSuite.Connector.Crm.Dataverse;

/// <summary>
/// The Dataverse adapter's one registration (chosen by <c>Crm:Provider=Dataverse</c>): its options, validated at start,
/// the HttpClient pipeline, the schema tools, and the gateway behind every side of the CRM port.
/// </summary>
internal static class DataverseRegistration
{
    public static IHostApplicationBuilder AddDataverseCrm(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DataverseOptions>().Bind(builder.Configuration.GetSection(DataverseOptions.Section)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<DataverseOptions>, DataverseOptionsValidator>();
        builder.Services.AddDataverseHttp();
        builder.Services.AddDataverseSchemaTools();
        builder.Services.AddDataversePluginRegistration();
        // A CRM of record is loaded by its own tools: demo seed and import say so instead of writing to it.
        builder.Services.AddSingleton<ICrmDataLoader, DataverseDataLoader>();
        builder.Services.AddOptions<DataverseGatewayOptions>().Bind(builder.Configuration.GetSection(DataverseGatewayOptions.Section)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<DataverseGatewayOptions>, DataverseGatewayOptionsValidator>();
        builder.Services.AddSingleton(sp => new DataverseGateway(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(DataverseHttp.ClientName),
            sp.GetRequiredService<IOptions<DataverseGatewayOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<DataverseGateway>>(),
            () => PublishedContactPolicy(sp)));
        builder.Services.AddSingleton<ICrmAccounts>(sp => sp.GetRequiredService<DataverseGateway>());
        builder.Services.AddSingleton<ICrmWriter>(sp => sp.GetRequiredService<DataverseGateway>());
        builder.Services.AddSingleton<ICrmTaskEvents>(sp => sp.GetRequiredService<DataverseGateway>());
        builder.Services.AddSingleton<ICrmProposals>(sp => sp.GetRequiredService<DataverseGateway>());
        builder.Services.AddSingleton<ICrmLicenses>(sp => sp.GetRequiredService<DataverseGateway>());
        builder.Services.AddSingleton<ICrmWorkQueue>(sp => sp.GetRequiredService<DataverseGateway>());
        builder.Services.AddSingleton<ICrmUpgradeStatus>(sp => sp.GetRequiredService<DataverseGateway>());
        builder.Services.AddSingleton<ICrmDeals>(sp => sp.GetRequiredService<DataverseGateway>());
        return builder;
    }

    /// <summary>
    /// The contact policy of the published playbooks, whose window of tasks an account read takes. A verb that runs other
    /// playbooks (preview of a draft folder) while the published folder cannot load, or a host without playbooks, reads no
    /// tasks rather than failing.
    /// </summary>
    internal static PlaybookEngine.Playbooks.ContactPolicy? PublishedContactPolicy(IServiceProvider services)
    {
        try
        {
            return services.GetService<PlaybookEngine.Runtime.PlaybookRuntime>()?.ContactPolicy;
        }
        catch (Playbooks.PlaybookLoadException)
        {
            return null;
        }
    }
}

/// <summary>The gateway's own checks, run at start so a bad <c>Crm:Dataverse:Gateway</c> value stops it naming the key.</summary>
internal sealed class DataverseGatewayOptionsValidator : IValidateOptions<DataverseGatewayOptions>
{
    public ValidateOptionsResult Validate(string? name, DataverseGatewayOptions options)
    {
        try
        {
            options.Validate();
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentOutOfRangeException ex)
        {
            // The message starts with the sentence naming the key; the runtime appends the parameter and value.
            return ValidateOptionsResult.Fail(ex.Message.Split(" (Parameter", 2)[0]);
        }
    }
}
