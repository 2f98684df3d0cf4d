using CrmSuite.Connector.Crm;
using CrmSuite.Connector.Tests.Crm.Dataverse.Support;
using Microsoft.Extensions.DependencyInjection;
using Emulator = CrmSuite.DataverseEmulator.DataverseEmulator;
using EmulatedSchema = CrmSuite.DataverseEmulator.CrmSuiteSchema;

namespace CrmSuite.Connector.Tests.Crm.Dataverse.Connection;

/// <summary>AddDataverseCrm puts the gateway behind the CRM port on the connection's HttpClient (MSAL token, headers, retries).</summary>
public sealed class DataverseRegistrationTests
{
    [Fact]
    public async Task The_crm_port_reads_the_environment_through_the_connection_pipeline()
    {
        await using var emulator = await Emulator.StartAsync();
        await EmulatedSchema.DeployAsync(emulator);
        var id = emulator.Seed("account", new Dictionary<string, object?> { ["name"] = "Northwind", ["cs_segment"] = "smb" });
        await using var dataverse = await DataverseConnectionFixture.StartAsync(TimeProvider.System, environment: (emulator.OrganizationUrl, emulator.Options.AccessToken));
        emulator.ClearRequestLog();

        var accounts = dataverse.Services.GetRequiredService<ICrmAccounts>();
        var read = new List<CrmAccountRecord>();
        await foreach (var page in accounts.ReadChangedAccountsAsync(null, 100, default))
        {
            read.AddRange(page.Accounts);
        }

        var account = Assert.Single(read);
        Assert.Equal(id.ToString("D"), account.Account.Id);
        Assert.Equal("Northwind", account.Account.Name);
        Assert.Single(dataverse.Tokens.Requests);
        Assert.Same(dataverse.Services.GetRequiredService<ICrmWriter>(), accounts);
        Assert.Same(dataverse.Services.GetRequiredService<ICrmWorkQueue>(), accounts);
    }
}
