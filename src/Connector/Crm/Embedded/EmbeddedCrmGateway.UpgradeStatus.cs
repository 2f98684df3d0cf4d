namespace CrmSuite.Connector.Crm.Embedded;

/// <summary>The admin view's counts, on a short-lived read-only connection like the work queue's reads.</summary>
internal sealed partial class EmbeddedCrmGateway
{
    public async Task<IReadOnlyList<ProposalStatusCount>> CountProposalsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT playbook_id, status, COUNT(*) FROM proposals GROUP BY playbook_id, status";
        var counts = new List<ProposalStatusCount>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            counts.Add(new ProposalStatusCount(reader.GetString(0), ParseProposalStatus(reader.GetString(1)), reader.GetInt64(2)));
        }

        return [.. counts.OrderBy(c => c.PlaybookId, StringComparer.Ordinal).ThenBy(c => c.Status)];
    }
}
