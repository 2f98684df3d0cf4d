using CrmSuite.Connector.Crm.Dataverse.Connection;
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
        // A CRM of record is loaded by its own tools: demo seed and import say so instead of writing to it.
        builder.Services.AddSingleton<ICrmDataLoader, DataverseDataLoader>();
        // The gateway (DataverseGateway, built on branch dv-gateway) goes here, behind ICrmAccounts, ICrmWriter,
        // ICrmTaskEvents, ICrmProposals, ICrmLicenses and ICrmWorkQueue, once it is on main.
        return builder;
    }
}
