namespace CrmSuite.Connector.Crm.Embedded;

/// <summary>The embedded CRM's bulk loading (demo data, CSV import), on the gateway's own connection.</summary>
internal sealed partial class EmbeddedCrmGateway
{
    public async Task<bool> IsEmptyAsync(CancellationToken cancellationToken)
    {
        var connection = await ConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT NOT EXISTS (SELECT 1 FROM accounts)";
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) == 1;
    }

    public async Task<IReadOnlySet<string>> ReadAccountIdsAsync(CancellationToken cancellationToken)
    {
        var connection = await ConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id FROM accounts";
        var found = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add(reader.GetString(0));
        }

        return found;
    }

    public async Task<ICrmLoad> BeginLoadAsync(bool replace, CancellationToken cancellationToken)
    {
        var load = await EmbeddedCrmLoad.BeginAsync(await ConnectionAsync(cancellationToken), cancellationToken);
        if (replace)
        {
            load.Clear();
        }

        return load;
    }
}
