namespace CrmSuite.Connector.Crm.Dataverse.Gateway;

/// <summary>
/// The admin view's counts: every CrmSuite proposal's playbook and status, read page by page and counted here (the Web
/// API's aggregation is not relied on, so the same read works on every Dataverse the gateway supports).
/// </summary>
internal sealed partial class DataverseGateway
{
    public async Task<IReadOnlyList<ProposalStatusCount>> CountProposalsAsync(CancellationToken cancellationToken)
    {
        var counts = new Dictionary<(string PlaybookId, ProposalStatus Status), long>();
        await _client.ReadAllPagesAsync(
            OData.Query("cs_upgradeproposals", "cs_key,cs_playbook,cs_status"),
            OData.MaxPageSize(_options.MaxPageSize),
            rows =>
            {
                foreach (var row in rows.EnumerateArray())
                {
                    var key = (DataverseRows.Text(row, "cs_playbook") ?? "", DataverseRows.ProposalStatus(row, DataverseRows.Text(row, "cs_key") ?? ""));
                    counts[key] = counts.GetValueOrDefault(key) + 1;
                }
            },
            cancellationToken);
        return [.. counts
            .Select(c => new ProposalStatusCount(c.Key.PlaybookId, c.Key.Status, c.Value))
            .OrderBy(c => c.PlaybookId, StringComparer.Ordinal).ThenBy(c => c.Status)];
    }
}
