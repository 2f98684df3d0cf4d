using CrmSuite.Connector.Crm;
using CrmSuite.PlaybookEngine.Accounts;

namespace CrmSuite.Connector.Import;

/// <summary>What an import wrote into the CRM.</summary>
internal readonly record struct ImportSummary(int Accounts, int Subscriptions, int Usage);

/// <summary>Writes the accepted rows of an <see cref="ImportBatch"/> into the CRM in one all-or-nothing load.</summary>
internal static class CrmImporter
{
    public static async Task<ImportSummary> WriteAsync(ICrmDataLoader crm, ImportBatch batch, CancellationToken cancellationToken)
    {
        var subscriptions = batch.Subscriptions.ToLookup(s => s.AccountId, StringComparer.Ordinal);
        var usage = batch.Usage.ToDictionary(u => u.AccountId, StringComparer.Ordinal);
        await using var load = await crm.BeginLoadAsync(replace: false, cancellationToken);
        var written = new HashSet<string>(StringComparer.Ordinal);
        foreach (var account in batch.Accounts)
        {
            WriteDependents(load, account.Id, subscriptions, usage);
            load.WriteAccount(account);
            written.Add(account.Id);
        }

        // Licenses and usage of accounts already in the CRM: writing them is a change of those accounts.
        foreach (var group in subscriptions.Where(g => !written.Contains(g.Key)))
        {
            foreach (var s in group)
            {
                load.WriteSubscription(s);
            }
        }

        foreach (var (_, snapshot) in usage.Where(u => !written.Contains(u.Key)))
        {
            load.WriteUsage(snapshot);
        }

        await load.CommitAsync(cancellationToken);
        return new ImportSummary(batch.Accounts.Length, batch.Subscriptions.Length, batch.Usage.Length);
    }

    private static void WriteDependents(ICrmLoad load, string accountId, ILookup<string, Subscription> subscriptions, Dictionary<string, UsageSnapshot> usage)
    {
        foreach (var s in subscriptions[accountId])
        {
            load.WriteSubscription(s);
        }

        if (usage.TryGetValue(accountId, out var snapshot))
        {
            load.WriteUsage(snapshot);
        }
    }
}
