namespace CrmSuite.Connector.Crm.Dataverse.Schema;

/// <summary>The schema tools behind <c>crmsuite dataverse deploy-schema</c> and <c>check</c>.</summary>
internal static class SchemaRegistration
{
    public static IServiceCollection AddDataverseSchemaTools(this IServiceCollection services)
    {
        services.AddSingleton<MetadataClient>();
        services.AddSingleton<SchemaDeployer>();
        services.AddSingleton<SchemaCheck>();
        return services;
    }
}
