using CrmSuite.Connector.Crm.Dataverse.Schema;
using CrmSuite.Connector.Tests.Crm.Dataverse.Support;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSuite.Connector.Tests.Crm.Dataverse.Schema;

/// <summary>deploy-schema through the real connection pipeline against the documented metadata endpoints on loopback.</summary>
public sealed class SchemaDeployTests
{
    private static readonly KeyWait Quick = new(TimeSpan.FromMinutes(1), TimeSpan.FromMilliseconds(1));

    private static async Task<(DataverseConnectionFixture Dataverse, FakeMetadataService Org)> StartAsync()
    {
        var dataverse = await DataverseConnectionFixture.StartAsync(TimeProvider.System);
        var org = new FakeMetadataService();
        dataverse.Api.Respond = org.RespondAsync;
        return (dataverse, org);
    }

    private static async Task<(DeployResult Result, string Output)> DeployAsync(DataverseConnectionFixture dataverse, KeyWait? wait = null)
    {
        var output = new StringWriter();
        var result = await dataverse.Services.GetRequiredService<SchemaDeployer>().DeployAsync(output, wait ?? Quick, default);
        return (result, output.ToString());
    }

    private static IEnumerable<FakeWebApi.Received> Writes(DataverseConnectionFixture dataverse) => dataverse.Api.Requests.Where(r => r.Method != "GET");

    [Fact]
    public async Task A_first_deploy_creates_the_custom_tables_columns_and_keys_of_the_schema_document()
    {
        var (dataverse, org) = await StartAsync();
        await using var _ = dataverse;

        var (result, output) = await DeployAsync(dataverse);

        Assert.True(result.Succeeded, string.Join("\n", result.Conflicts.Concat(result.InactiveKeys)));
        foreach (var table in CrmSuiteSchema.Tables)
        {
            Assert.True(org.Has(table.LogicalName), table.LogicalName);
            Assert.All(table.Columns, c => Assert.Equal(c.AttributeType, org[table.LogicalName].Columns.GetValueOrDefault(c.LogicalName)));
            Assert.All(table.Keys, k => Assert.Contains(org[table.LogicalName].Keys, s => s.LogicalName == k.LogicalName && s.Columns.SequenceEqual(k.Columns) && s.Status == "Active"));
            Assert.Equal(table.NeedsChangeTracking || !table.IsCustom && org[table.LogicalName].ChangeTracking, org[table.LogicalName].ChangeTracking);
        }

        Assert.Equal("String", org["cs_subscription"].Columns["cs_name"]);
        Assert.Equal("Lookup", org["cs_licensechange"].Columns["cs_subscriptionid"]);
        // A custom lookup's schema name is its navigation property: the gateway binds cs_SubscriptionId@odata.bind.
        Assert.Contains(dataverse.Api.Requests, r => r.PathAndQuery.EndsWith("/RelationshipDefinitions", StringComparison.Ordinal)
            && r.Body.Contains("\"SchemaName\":\"cs_SubscriptionId\"", StringComparison.Ordinal));
        Assert.Contains("created solution CrmSuite (publisher crmsuite, prefix cs_)", output, StringComparison.Ordinal);
        Assert.Contains("created column task.cs_stepkey String(100)", output, StringComparison.Ordinal);
        Assert.Contains("created change tracking on account", output, StringComparison.Ordinal);
        Assert.Contains("published account", output, StringComparison.Ordinal);
        Assert.Contains("created alternate key cs_task_stepkey on task (cs_stepkey)", output, StringComparison.Ordinal);
        Assert.Contains("every alternate key is Active", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_metadata_write_goes_into_the_crmsuite_solution()
    {
        var (dataverse, _) = await StartAsync();
        await using var __ = dataverse;

        await DeployAsync(dataverse);

        var metadataWrites = Writes(dataverse).Where(r => r.PathAndQuery.Contains("Definitions", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(metadataWrites);
        Assert.All(metadataWrites, r => Assert.Equal("CrmSuite", r.Headers["MSCRM.SolutionUniqueName"]));
    }

    [Fact]
    public async Task A_second_deploy_only_reads_and_says_nothing_changed()
    {
        var (dataverse, _) = await StartAsync();
        await using var __ = dataverse;
        await DeployAsync(dataverse);
        var before = dataverse.Api.Requests.Count;

        var (result, output) = await DeployAsync(dataverse);

        Assert.True(result.Succeeded);
        Assert.Empty(result.Made);
        Assert.Empty(output);
        Assert.All(dataverse.Api.Requests.Skip(before), r => Assert.Equal("GET", r.Method));
        Assert.Equal(3 * CrmSuiteSchema.Tables.Length, dataverse.Api.Requests.Count - before);
    }

    [Fact]
    public async Task A_partly_deployed_organisation_gets_only_what_it_lacks()
    {
        var (dataverse, org) = await StartAsync();
        await using var __ = dataverse;
        await DeployAsync(dataverse);
        org["task"].Columns.Remove("cs_outcomeresult");
        var before = dataverse.Api.Requests.Count;

        var (result, output) = await DeployAsync(dataverse);

        Assert.True(result.Succeeded);
        Assert.Equal(["column task.cs_outcomeresult Memo(2000)"], result.Made.Select(c => c.Describe()));
        var writes = dataverse.Api.Requests.Skip(before).Where(r => r.Method != "GET").Select(r => $"{r.Method} {r.PathAndQuery}").ToList();
        Assert.Equal(["POST /api/data/v9.2/EntityDefinitions(LogicalName='task')/Attributes"], writes);
        Assert.Equal("Memo", org["task"].Columns["cs_outcomeresult"]);
        Assert.Contains("created column task.cs_outcomeresult Memo(2000)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_column_of_another_type_is_named_and_nothing_is_changed()
    {
        var (dataverse, org) = await StartAsync();
        await using var __ = dataverse;
        org["task"].Columns["cs_step"] = "String";

        var (result, _) = await DeployAsync(dataverse);

        Assert.False(result.Succeeded);
        Assert.Equal(["column task.cs_step is String, CrmSuite needs Integer: delete or rename that column, then deploy again"], result.Conflicts);
        Assert.Empty(Writes(dataverse));
        Assert.False(org.Has("cs_subscription"));
    }

    [Fact]
    public async Task Keys_still_building_when_the_wait_ends_are_reported_with_progress_meanwhile()
    {
        var (dataverse, org) = await StartAsync();
        await using var __ = dataverse;
        org.KeyBuildReads = int.MaxValue;

        var (result, output) = await DeployAsync(dataverse, new KeyWait(TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(20)));

        Assert.False(result.Succeeded);
        Assert.Contains("alternate key task.cs_task_stepkey is Pending, not yet Active: upserts by it fail until the background job finishes", result.InactiveKeys);
        Assert.Equal(CrmSuiteSchema.Tables.Sum(t => t.Keys.Length), result.InactiveKeys.Count);
        Assert.Contains("waiting for 5 alternate key(s) to become Active", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_whose_build_failed_is_reported_with_what_to_do()
    {
        var (dataverse, org) = await StartAsync();
        await using var __ = dataverse;
        org.KeyOutcome = "Failed";

        var (result, _) = await DeployAsync(dataverse);

        Assert.False(result.Succeeded);
        Assert.Contains(result.Conflicts, c => c.StartsWith("alternate key cs_usage.cs_usage_account failed to build (EntityKeyIndexStatus Failed)", StringComparison.Ordinal));
    }
}
