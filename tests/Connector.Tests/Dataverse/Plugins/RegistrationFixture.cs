using CrmSuite.Connector.Crm.Dataverse.Registration;
using CrmSuite.Connector.Tests.Crm.Dataverse.Support;
using Microsoft.Extensions.DependencyInjection;
using Organisation = CrmSuite.DataverseEmulator.DataverseEmulator;

namespace CrmSuite.Connector.Tests.Dataverse.Plugins;

/// <summary>An emulated organisation (schema deployed, or not) and the connector's Dataverse registration talking to it.</summary>
internal sealed class RegistrationFixture : IAsyncDisposable
{
    public const string Key = "registration-key-0123456789";

    private RegistrationFixture(Organisation emulator, DataverseConnectionFixture dataverse)
    {
        Emulator = emulator;
        Dataverse = dataverse;
    }

    public Organisation Emulator { get; }

    public DataverseConnectionFixture Dataverse { get; }

    public PluginRegistrar Registrar => Dataverse.Services.GetRequiredService<PluginRegistrar>();

    public static async Task<RegistrationFixture> StartAsync(bool deployed = true)
    {
        var emulator = await Organisation.StartAsync();
        if (deployed)
        {
            await DataverseEmulator.CrmSuiteSchema.DeployAsync(emulator);
        }

        var dataverse = await DataverseConnectionFixture.StartAsync(TimeProvider.System, environment: (emulator.OrganizationUrl, emulator.Options.AccessToken));
        return new RegistrationFixture(emulator, dataverse);
    }

    public async Task<(RegistrationResult Result, string Output)> RegisterAsync(Uri connector, WebhookCredential? credential = null)
    {
        var output = new StringWriter();
        var result = await Registrar.RegisterAsync(connector, credential ?? WebhookCredential.Key(Key), output, CancellationToken.None);
        return (result, output.ToString());
    }

    public async ValueTask DisposeAsync()
    {
        await Dataverse.DisposeAsync();
        await Emulator.DisposeAsync();
    }
}
