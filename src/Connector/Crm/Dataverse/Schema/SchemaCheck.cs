using CrmSuite.Connector.Crm.Dataverse.Connection;
using Microsoft.Extensions.Options;

namespace CrmSuite.Connector.Crm.Dataverse.Schema;

/// <summary>One finding of <c>crmsuite dataverse check</c>: what was checked and, when it is not right, what is missing.</summary>
internal sealed record CheckFinding(string Subject, string? Problem)
{
    public bool Passed => Problem is null;

    public override string ToString() => Passed ? $"ok       {Subject}" : $"MISSING  {Subject}: {Problem}";
}

/// <summary>
/// <c>crmsuite dataverse check</c>: the environment answers, the app registration gets a token, the token's application
/// user exists (WhoAmI) and holds every privilege the connector uses (RetrieveUserPrivileges), and the
/// schema matches <see cref="CrmSuiteSchema"/> with every alternate key Active.
/// </summary>
internal sealed class SchemaCheck(MetadataClient metadata, SchemaDeployer deployer, IOptions<DataverseOptions> options)
{
    public async Task<IReadOnlyList<CheckFinding>> RunAsync(CancellationToken cancellationToken)
    {
        var connection = options.Value.Connection;
        var findings = new List<CheckFinding>();
        Guid user;
        try
        {
            user = await metadata.WhoAmIAsync(cancellationToken);
            findings.Add(new($"connection to {connection.Url} as application {connection.ClientId} (application user {user:D})", null));
        }
        catch (DataverseAuthenticationException ex)
        {
            return [new("token", ex.Message)];
        }
        catch (HttpRequestException ex)
        {
            return [new($"connection to {connection.Url}", $"cannot reach it: {ex.Message}")];
        }
        catch (DataverseException ex) when (ex.Status is System.Net.HttpStatusCode.Unauthorized or System.Net.HttpStatusCode.Forbidden)
        {
            return [new($"application user of {connection.ClientId}",
                $"the environment refused the token ({(int)ex.Status} {ex.Code}: {ex.Detail}): create an application user for this app registration in the environment and give it the CrmSuite security role (docs/dataverse.md)")];
        }

        var granted = await metadata.PrivilegesAsync(user, cancellationToken);
        foreach (var table in CrmSuiteSchema.Tables)
        {
            var missing = table.Privileges().Where(p => !granted.Contains(p)).ToList();

            findings.Add(new($"privileges on {table.LogicalName}",
                missing.Count == 0 ? null : $"the application user's roles lack {string.Join(", ", missing)}: add them to its security role"));
        }

        var plan = await deployer.PlanAsync(cancellationToken);
        findings.AddRange(plan.Changes.Select(c => new CheckFinding(c.Describe(), "not in the organisation: run `crmsuite dataverse deploy-schema`")));
        findings.AddRange(plan.Conflicts.Select(c => new CheckFinding("schema", c)));
        findings.AddRange(plan.InactiveKeys.Select(k => new CheckFinding("schema", k)));
        if (plan.UpToDate && plan.InactiveKeys.IsEmpty)
        {
            findings.Add(new($"schema: {CrmSuiteSchema.Tables.Length} tables, {CrmSuiteSchema.Tables.Sum(t => t.Columns.Length)} columns, {CrmSuiteSchema.Tables.Sum(t => t.Keys.Length)} alternate keys (Active), change tracking on", null));
        }

        return findings;
    }
}
