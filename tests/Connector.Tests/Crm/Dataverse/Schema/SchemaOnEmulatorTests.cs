using CrmSuite.Connector.Crm.Dataverse.Schema;
using CrmSuite.Connector.Tests.Crm.Dataverse.Support;
using CrmSuite.DataverseEmulator;
using Microsoft.Extensions.DependencyInjection;
using EmulatedSchema = CrmSuite.DataverseEmulator.CrmSuiteSchema;
using ModelSchema = CrmSuite.Connector.Crm.Dataverse.Schema.CrmSuiteSchema;

namespace CrmSuite.Connector.Tests.Crm.Dataverse.Schema;

/// <summary>deploy-schema and check against the project's Dataverse emulator (tests/DataverseEmulator), through the real pipeline and MSAL.</summary>
public sealed class SchemaOnEmulatorTests
{
    private static async Task<(DataverseEmulator.DataverseEmulator Emulator, DataverseConnectionFixture Dataverse)> StartAsync(bool deployed)
    {
        var emulator = await DataverseEmulator.DataverseEmulator.StartAsync();
        if (deployed)
        {
            await EmulatedSchema.DeployAsync(emulator);
        }

        var dataverse = await DataverseConnectionFixture.StartAsync(TimeProvider.System, environment: (emulator.OrganizationUrl, emulator.Options.AccessToken));
        return (emulator, dataverse);
    }

    [Fact]
    public async Task Deploy_schema_on_an_organisation_that_has_the_schema_only_reads_and_changes_nothing()
    {
        var (emulator, dataverse) = await StartAsync(deployed: true);
        await using var _ = emulator;
        await using var __ = dataverse;
        emulator.ClearRequestLog();

        var output = new StringWriter();
        var result = await dataverse.Services.GetRequiredService<SchemaDeployer>().DeployAsync(output, KeyWait.Default, default);

        Assert.True(result.Succeeded, string.Join("\n", result.Conflicts.Concat(result.InactiveKeys)));
        Assert.Empty(result.Made);
        Assert.Empty(output.ToString());
        Assert.All(emulator.Requests, r => Assert.Equal("GET", r.Method));
        Assert.Equal(3 * ModelSchema.Tables.Length, emulator.Requests.Count);
    }

    [Fact]
    public async Task Check_on_a_deployed_organisation_passes_the_connection_and_the_schema()
    {
        var (emulator, dataverse) = await StartAsync(deployed: true);
        await using var _ = emulator;
        await using var __ = dataverse;

        var findings = await dataverse.Services.GetRequiredService<SchemaCheck>().RunAsync(default);

        Assert.Contains(findings, f => f.Passed && f.Subject.Contains($"application user {emulator.Options.ApplicationUserId:D}", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Passed && f.Subject.StartsWith("schema: 10 tables, 105 columns, 5 alternate keys (Active)", StringComparison.Ordinal));
        Assert.DoesNotContain(findings, f => !f.Passed && !f.Subject.StartsWith("privileges on", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Check_names_a_privilege_taken_from_the_application_user()
    {
        var (emulator, dataverse) = await StartAsync(deployed: true);
        await using var _ = emulator;
        await using var __ = dataverse;
        emulator.RevokePrivilege("prvWriteActivity");

        var findings = await dataverse.Services.GetRequiredService<SchemaCheck>().RunAsync(default);

        var task = Assert.Single(findings, f => f.Subject == "privileges on task");
        Assert.Contains("prvWriteActivity", task.Problem, StringComparison.Ordinal);
        Assert.Single(findings, f => f.Subject == "privileges on account" && f.Passed);
    }

    [Fact]
    public async Task Check_on_an_organisation_without_the_schema_lists_what_deploy_schema_would_create()
    {
        var (emulator, dataverse) = await StartAsync(deployed: false);
        await using var _ = emulator;
        await using var __ = dataverse;

        var findings = await dataverse.Services.GetRequiredService<SchemaCheck>().RunAsync(default);

        var missing = findings.Where(f => !f.Passed && f.Problem!.Contains("deploy-schema", StringComparison.Ordinal)).Select(f => f.Subject).ToList();
        Assert.Contains("column task.cs_stepkey String(100)", missing);
        Assert.Contains("alternate key cs_task_stepkey on task (cs_stepkey)", missing);
        Assert.All(ModelSchema.Tables.Where(t => t.IsCustom), t => Assert.Contains(missing, m => m.StartsWith($"table {t.LogicalName} ", StringComparison.Ordinal)));
    }
}
