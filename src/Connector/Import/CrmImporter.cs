using CrmSuite.Connector.Crm;
using CrmSuite.PlaybookEngine.Accounts;

namespace CrmSuite.Connector.Import;

/// <summary>The files of one import: accounts with their licenses (and optionally usage), a usage history, or both.</summary>
internal sealed record ImportFiles(string? Accounts, string? Subscriptions, string? Usage, string? UsageHistory);

/// <summary>What an import wrote into the CRM, and the rows it rejected.</summary>
internal sealed record ImportSummary(int Accounts, int Subscriptions, int Usage, int UsageHistory, IReadOnlyList<ImportError> Errors);

/// <summary>
/// Streams the rows of an import that pass every check into ONE all-or-nothing CRM load as they are read: a 200k-row import
/// holds the account ids, never the rows. With <c>strict</c>, any bad row leaves the load uncommitted (nothing written).
/// </summary>
internal static class CrmImporter
{
    public static async Task<ImportSummary> ImportAsync(ICrmDataLoader crm, ImportFiles files, bool strict, CancellationToken cancellationToken)
    {
        var existing = await crm.ReadAccountIdsAsync(cancellationToken);
        await using var load = await crm.BeginLoadAsync(replace: false, cancellationToken);
        var sink = new LoadSink(load);
        var errors = new List<ImportError>();
        if (files is { Accounts: { } accounts, Subscriptions: { } subscriptions })
        {
            errors.AddRange(CsvImport.Read(accounts, subscriptions, files.Usage, existing.Contains, sink));
        }

        if (files.UsageHistory is { } history)
        {
            errors.AddRange(UsageHistoryCsv.Read(history, id => sink.Imported.Contains(id) || existing.Contains(id), sink.AddUsageHistory));
        }

        if (strict && errors.Count > 0)
        {
            return new ImportSummary(0, 0, 0, 0, errors);
        }

        await load.CommitAsync(cancellationToken);
        return new ImportSummary(sink.Accounts, sink.Subscriptions, sink.Usage, sink.UsageHistory, errors);
    }

    // Inside one transaction nothing is visible before the commit, so rows go in as they come; a license written after its
    // account bumps the account's row version, so the incremental sync sees the account with it.
    private sealed class LoadSink(ICrmLoad load) : IImportSink
    {
        public HashSet<string> Imported { get; } = new(StringComparer.Ordinal);

        public int Accounts { get; private set; }

        public int Subscriptions { get; private set; }

        public int Usage { get; private set; }

        public int UsageHistory { get; private set; }

        public void AddAccount(Account account)
        {
            load.WriteAccount(account);
            Imported.Add(account.Id);
            Accounts++;
        }

        public void AddSubscription(Subscription subscription)
        {
            load.WriteSubscription(subscription);
            Subscriptions++;
        }

        public void AddUsage(UsageSnapshot usage)
        {
            load.WriteUsage(usage);
            Usage++;
        }

        public void AddUsageHistory(UsageSnapshot usage, int? seatsUsed)
        {
            load.WriteUsageHistory(usage, seatsUsed);
            UsageHistory++;
        }
    }
}
