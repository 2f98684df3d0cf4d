using CrmSuite.PlaybookEngine.Accounts;

namespace CrmSuite.Connector.Import;

/// <summary>
/// Reads a usage history CSV: the usage file's columns (docs/data.md) with any number of rows per account, one per day a
/// value changed, and an optional <c>seats_used</c> (the primary license's seats in use that day). An account's rows come
/// in date order, so a repeated or out-of-order day is caught while streaming, holding one date per account and no rows.
/// </summary>
internal static class UsageHistoryCsv
{
    /// <summary>Hands every row that passes its checks to <paramref name="write"/> at once; returns the errors.</summary>
    /// <param name="accountKnown">Whether the account is imported alongside or already in the CRM.</param>
    public static IReadOnlyList<ImportError> Read(string path, Func<string, bool> accountKnown, Action<UsageSnapshot, int?> write)
    {
        var errors = new List<ImportError>();
        var last = new Dictionary<string, (DateOnly Day, int Line)>(StringComparer.Ordinal);
        foreach (var row in CsvImport.Rows(path, CsvImport.RequiredUsage, errors))
        {
            var accountId = row.Text("account_id");
            var usage = CsvImport.Usage(row, accountId);
            var seatsUsed = row.OptionalInt("seats_used", 0);
            if (accountId.Length > 0 && !accountKnown(accountId))
            {
                row.Fail("account_id", $"account '{accountId}' is neither imported with this file nor in the CRM");
            }

            if (!row.AnyFailed(["account_id", "as_of"]) && accountId.Length > 0)
            {
                if (last.TryGetValue(accountId, out var previous) && usage.AsOf <= previous.Day)
                {
                    row.Fail("as_of", usage.AsOf == previous.Day
                        ? $"a second row for '{accountId}' on {usage.AsOf:yyyy-MM-dd}, first at line {previous.Line}"
                        : $"{usage.AsOf:yyyy-MM-dd} comes after {previous.Day:yyyy-MM-dd} (line {previous.Line}); an account's rows must be in date order");
                }
                else
                {
                    last[accountId] = (usage.AsOf, row.Line);
                }
            }

            if (!row.HasErrors)
            {
                write(usage, seatsUsed);
            }
        }

        return errors;
    }
}
