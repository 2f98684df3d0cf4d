using CrmSuite.Connector.Crm.Embedded;
using CrmSuite.PlaybookEngine.Accounts;

namespace CrmSuite.Connector.Crm.Import;

/// <summary>What an import wrote into the embedded CRM.</summary>
internal readonly record struct ImportSummary(int Accounts, int Subscriptions, int Usage);

/// <summary>Writes the accepted rows of an <see cref="ImportBatch"/> into the embedded CRM in one transaction.</summary>
internal static class CrmImporter
{
    public static async Task<Func<string, bool>> AccountLookupAsync(EmbeddedCrmGateway crm, CancellationToken cancellationToken)
    {
        var connection = await crm.ConnectionAsync(cancellationToken);
        var command = connection.CreateCommand();
        command.CommandText = "SELECT EXISTS (SELECT 1 FROM accounts WHERE id = $id)";
        var parameter = command.Parameters.Add("$id", Microsoft.Data.Sqlite.SqliteType.Text);
        return id =>
        {
            parameter.Value = id;
            return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 1;
        };
    }

    public static async Task<ImportSummary> WriteAsync(EmbeddedCrmGateway crm, ImportBatch batch, CancellationToken cancellationToken)
    {
        var connection = await crm.ConnectionAsync(cancellationToken);
        var subscriptions = batch.Subscriptions.ToLookup(s => s.AccountId, StringComparer.Ordinal);
        var usage = batch.Usage.ToDictionary(u => u.AccountId, StringComparer.Ordinal);
        await using var writer = await EmbeddedCrmWriter.BeginAsync(connection, cancellationToken);
        var written = new HashSet<string>(StringComparer.Ordinal);
        foreach (var account in batch.Accounts)
        {
            WriteDependents(writer, account.Id, subscriptions, usage);
            writer.WriteAccount(account);
            written.Add(account.Id);
        }

        // Licenses and usage of accounts already in the CRM: the triggers give those accounts a new row version.
        foreach (var group in subscriptions.Where(g => !written.Contains(g.Key)))
        {
            foreach (var s in group)
            {
                writer.WriteSubscription(s);
            }
        }

        foreach (var (accountId, snapshot) in usage.Where(u => !written.Contains(u.Key)))
        {
            writer.WriteUsage(snapshot);
        }

        await writer.CommitAsync(cancellationToken);
        return new ImportSummary(batch.Accounts.Length, batch.Subscriptions.Length, batch.Usage.Length);
    }

    private static void WriteDependents(
        EmbeddedCrmWriter writer, string accountId, ILookup<string, Subscription> subscriptions, Dictionary<string, UsageSnapshot> usage)
    {
        foreach (var s in subscriptions[accountId])
        {
            writer.WriteSubscription(s);
        }

        if (usage.TryGetValue(accountId, out var snapshot))
        {
            writer.WriteUsage(snapshot);
        }
    }
}
