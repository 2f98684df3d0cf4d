using CrmSuite.Connector.Crm.Dataverse.Schema;
using CrmSuite.Connector.Tests.Crm.Dataverse.Support;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSuite.Connector.Tests.Crm.Dataverse.Schema;

/// <summary>crmsuite dataverse check: what it verifies and how it says what is missing.</summary>
public sealed class SchemaCheckTests
{
    private static async Task<(DataverseConnectionFixture Dataverse, FakeMetadataService Org)> StartAsync(bool deployed, bool granted)
    {
        var dataverse = await DataverseConnectionFixture.StartAsync(TimeProvider.System);
        var org = new FakeMetadataService();
        dataverse.Api.Respond = org.RespondAsync;
        if (deployed)
        {
            await dataverse.Services.GetRequiredService<SchemaDeployer>().DeployAsync(TextWriter.Null, new KeyWait(TimeSpan.FromMinutes(1), TimeSpan.FromMilliseconds(1)), default);
        }

        if (granted)
        {
            org.Granted.UnionWith(CrmSuiteSchema.Tables.SelectMany(t => t.Privileges()));
        }

        return (dataverse, org);
    }

    private static Task<IReadOnlyList<CheckFinding>> CheckAsync(DataverseConnectionFixture dataverse) =>
        dataverse.Services.GetRequiredService<SchemaCheck>().RunAsync(default);

    [Fact]
    public async Task A_deployed_organisation_with_every_privilege_passes_every_check()
    {
        var (dataverse, org) = await StartAsync(deployed: true, granted: true);
        await using var _ = dataverse;

        var findings = await CheckAsync(dataverse);

        Assert.All(findings, f => Assert.True(f.Passed, f.ToString()));
        Assert.Contains(findings, f => f.Subject.Contains($"application user {org.UserId:D}", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Subject == "schema: 10 tables, 105 columns, 5 alternate keys (Active), change tracking on");
    }

    [Fact]
    public async Task Each_missing_privilege_is_named_with_its_table()
    {
        var (dataverse, org) = await StartAsync(deployed: true, granted: true);
        await using var _ = dataverse;
        org.Granted.Remove("prvCreateActivity");
        org.Granted.Remove("prvAssignActivity");
        org.Granted.Remove("prvAppendTocs_subscription");

        var findings = await CheckAsync(dataverse);

        var failed = findings.Where(f => !f.Passed).Select(f => f.ToString()).ToList();
        Assert.Equal(
            [
                "MISSING  privileges on task: the application user's roles lack prvCreateActivity, prvAssignActivity: add them to its security role",
                "MISSING  privileges on cs_subscription: the application user's roles lack prvAppendTocs_subscription: add them to its security role",
            ],
            failed);
    }

    [Fact]
    public async Task An_undeployed_schema_is_listed_piece_by_piece_with_the_verb_that_fixes_it()
    {
        var (dataverse, _) = await StartAsync(deployed: false, granted: true);
        await using var __ = dataverse;

        var findings = await CheckAsync(dataverse);

        Assert.Contains(findings, f => f.ToString() == "MISSING  column account.cs_segment String(100): not in the organisation: run `crmsuite dataverse deploy-schema`");
        Assert.Contains(findings, f => f.ToString() == "MISSING  change tracking on account: not in the organisation: run `crmsuite dataverse deploy-schema`");
        Assert.Contains(findings, f => f.ToString() == "MISSING  alternate key cs_task_stepkey on task (cs_stepkey): not in the organisation: run `crmsuite dataverse deploy-schema`");
        Assert.Contains(findings, f => f.ToString().StartsWith("MISSING  table cs_upgradeproposal (entity set cs_upgradeproposals", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_refused_sign_in_is_the_one_finding_and_names_the_reason()
    {
        var (dataverse, _) = await StartAsync(deployed: false, granted: true);
        await using var __ = dataverse;
        dataverse.Tokens.Refuse = ("unauthorized_client", "AADSTS700016: Application not found in the directory.");

        var finding = Assert.Single(await CheckAsync(dataverse));

        Assert.Equal("token", finding.Subject);
        Assert.Contains("AADSTS700016: Application not found in the directory.", finding.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_the_environment_refuses_says_to_create_the_application_user()
    {
        var (dataverse, _) = await StartAsync(deployed: false, granted: true);
        await using var __ = dataverse;
        dataverse.Api.Respond = (context, _) =>
        {
            context.Response.StatusCode = 403;
            return Microsoft.AspNetCore.Http.HttpResponseWritingExtensions.WriteAsync(context.Response,
                """{"error":{"code":"0x80072560","message":"The user is not a member of the organization."}}""");
        };

        var finding = Assert.Single(await CheckAsync(dataverse));

        Assert.Contains("the environment refused the token (403 0x80072560: The user is not a member of the organization.): create an application user", finding.Problem, StringComparison.Ordinal);
    }
}
