namespace CrmSuite.Connector.Crm.Dataverse.Registration;

/// <summary>The tools behind <c>crmsuite dataverse register-plugins</c>.</summary>
internal static class RegistrationServices
{
    public static IServiceCollection AddDataversePluginRegistration(this IServiceCollection services)
    {
        services.AddSingleton<RegistrationClient>();
        services.AddSingleton<PluginRegistrar>();
        return services;
    }
}
