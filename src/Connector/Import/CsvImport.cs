using System.Collections.Immutable;
using System.Globalization;
using CsvHelper;
using CrmSuite.Connector.Accounts;
using CrmSuite.PlaybookEngine.Accounts;
using CrmSuite.PlaybookEngine.Signals;

namespace CrmSuite.Connector.Import;

/// <summary>Where the rows that pass every check go, as they are read (the CRM's load, or a list in tests).</summary>
internal interface IImportSink
{
    void AddAccount(Account account);

    void AddSubscription(Subscription subscription);

    void AddUsage(UsageSnapshot usage);
}

/// <summary>The rows of an import that passed every check, and the errors of those that did not.</summary>
internal sealed record ImportBatch(
    ImmutableArray<Account> Accounts,
    ImmutableArray<Subscription> Subscriptions,
    ImmutableArray<UsageSnapshot> Usage,
    ImmutableArray<ImportError> Errors);

/// <summary>
/// Reads accounts, subscriptions and usage CSV files (columns in docs/data.md). Every bad row is reported as
/// file:line with the field and the reason, and left out; rows that depend on a left-out account are left out too.
/// The same quarantine rules as the sync reject impossible licenses here, before they reach the CRM.
/// </summary>
internal static class CsvImport
{
    public static readonly ImmutableArray<string> AccountColumns = ["id", "name", "segment", "industry", "lifecycle_stage", "csm_id", "hourly_cost"];

    public static readonly ImmutableArray<string> SubscriptionColumns =
        ["id", "account_id", "product", "tier", "seats", "seats_used", "billing_period", "term_months", "start_date", "renewal_date", "mrr",
         "currency", "status", "trial_tier", "trial_end"];

    public static readonly ImmutableArray<string> UsageColumns =
        ["account_id", "as_of", "active_users_30d", "feature_adoption", "health", "health_change_30d", "open_tickets", "nps",
         "seat_utilization_min_28d", "usage_growth_30d", "days_since_last_login"];

    private static readonly string[] Required = ["id", "name", "segment", "industry", "lifecycle_stage"];
    private static readonly string[] RequiredSubscription = ["id", "account_id", "tier", "seats", "seats_used", "billing_period", "start_date", "mrr", "currency"];
    internal static readonly string[] RequiredUsage = ["account_id", "as_of", "active_users_30d", "feature_adoption", "health"];
    private static readonly string[] Statuses = ["active", "trial", "cancelled"];

    // The licence rules read these; a rule is checked when none of them failed to parse (a default would break it falsely).
    private static readonly string[] RuleInputs = ["tier", "seats", "seats_used", "status", "start_date", "renewal_date", "mrr", "trial_tier", "trial_end"];

    /// <summary>Reads the files into lists (tests; the import streams through <see cref="Read(string, string, string?, Func{string, bool}, IImportSink)"/>).</summary>
    public static ImportBatch Read(string accountsPath, string subscriptionsPath, string? usagePath, Func<string, bool> accountExists)
    {
        var sink = new ListSink();
        var errors = Read(accountsPath, subscriptionsPath, usagePath, accountExists, sink);
        return new ImportBatch([.. sink.Accounts], [.. sink.Subscriptions], [.. sink.Usage], [.. errors]);
    }

    /// <summary>
    /// Reads the files row by row, handing each row that passes every check to <paramref name="sink"/> at once (accounts
    /// first, then licenses, then usage), and returns the errors. Only the account ids are held, never the rows.
    /// </summary>
    /// <param name="accountExists">Whether an account id not in the accounts file already exists in the CRM.</param>
    public static IReadOnlyList<ImportError> Read(
        string accountsPath, string subscriptionsPath, string? usagePath, Func<string, bool> accountExists, IImportSink sink)
    {
        var errors = new List<ImportError>();
        var known = new Dictionary<string, int>(StringComparer.Ordinal);
        var rejected = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in Rows(accountsPath, Required, errors))
        {
            var id = row.Text("id");
            var account = new Account(
                id,
                row.Text("name"),
                row.OneOf("segment", SignalCatalog.Segments),
                row.OneOf("industry", SignalCatalog.Industries),
                row.OneOf("lifecycle_stage", SignalCatalog.LifecycleStages),
                row.OptionalText("csm_id"),
                row.OptionalDecimal("hourly_cost", 0m));
            if (id.Length > 0 && known.TryGetValue(id, out var first))
            {
                row.Fail("id", $"duplicate account '{id}', first at line {first}");
            }

            if (row.HasErrors)
            {
                rejected.TryAdd(id, row.Line);
                continue;
            }

            known[id] = row.Line;
            sink.AddAccount(account);
        }

        var seenSubscriptions = new Dictionary<string, int>(StringComparer.Ordinal);
        var violations = new List<QuarantineEntry>();
        foreach (var row in Rows(subscriptionsPath, RequiredSubscription, errors))
        {
            var accountId = CheckAccount(row, accountsPath, known, rejected, accountExists);
            var id = row.Text("id");
            var billing = row.OneOf("billing_period", SignalCatalog.BillingPeriods);
            var subscription = new Subscription(
                id,
                accountId,
                row.OptionalText("product") ?? "crmsuite",
                row.Text("tier"),
                row.Int("seats"),
                row.Int("seats_used"),
                billing == "annual" ? BillingPeriod.Annual : BillingPeriod.Monthly,
                row.OptionalInt("term_months") ?? (billing == "annual" ? 12 : 1),
                row.Date("start_date"),
                row.OptionalDate("renewal_date"),
                row.Decimal("mrr"),
                Currency(row),
                (row.OptionalOneOf("status", Statuses) ?? "active") switch
                {
                    "trial" => SubscriptionStatus.Trial,
                    "cancelled" => SubscriptionStatus.Cancelled,
                    _ => SubscriptionStatus.Active,
                },
                row.OptionalOneOf("trial_tier", SignalCatalog.Tiers),
                row.OptionalDate("trial_end"));
            if (id.Length > 0 && !seenSubscriptions.TryAdd(id, row.Line))
            {
                row.Fail("id", $"duplicate subscription '{id}', first at line {seenSubscriptions[id]}");
            }

            // Every bad field of the row is reported: the licence rules too, unless a field they read did not parse.
            if (!row.AnyFailed(RuleInputs))
            {
                violations.Clear();
                QuarantineRules.Check(subscription, violations);
                foreach (var v in violations)
                {
                    row.Fail(v.Field, v.Reason);
                }
            }

            if (!row.HasErrors)
            {
                sink.AddSubscription(subscription);
            }
        }

        if (usagePath is not null)
        {
            var seenUsage = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var row in Rows(usagePath, RequiredUsage, errors))
            {
                var accountId = CheckAccount(row, accountsPath, known, rejected, accountExists);
                var snapshot = Usage(row, accountId);
                if (accountId.Length > 0 && !seenUsage.TryAdd(accountId, row.Line))
                {
                    row.Fail("account_id", $"a second usage row for '{accountId}', first at line {seenUsage[accountId]}");
                }

                if (!row.HasErrors)
                {
                    sink.AddUsage(snapshot);
                }
            }
        }

        return errors;
    }

    /// <summary>The usage of one row of a usage file or a usage history file (the same columns, docs/data.md).</summary>
    internal static UsageSnapshot Usage(CsvRow row, string accountId) => new(
        accountId,
        row.Date("as_of"),
        row.Int("active_users_30d", 0),
        row.Decimal("feature_adoption", 0m, 1m),
        row.Int("health", 0, 100),
        row.OptionalInt("health_change_30d", -100, 100) ?? 0,
        row.OptionalInt("open_tickets", 0) ?? 0,
        row.OptionalInt("nps", -100, 100),
        row.OptionalDecimal("seat_utilization_min_28d", 0m) ?? 0m,
        row.OptionalDecimal("usage_growth_30d") ?? 0m,
        row.OptionalInt("days_since_last_login", 0) ?? 0);

    private sealed class ListSink : IImportSink
    {
        public List<Account> Accounts { get; } = [];

        public List<Subscription> Subscriptions { get; } = [];

        public List<UsageSnapshot> Usage { get; } = [];

        public void AddAccount(Account account) => Accounts.Add(account);

        public void AddSubscription(Subscription subscription) => Subscriptions.Add(subscription);

        public void AddUsage(UsageSnapshot usage) => Usage.Add(usage);
    }

    private static string CheckAccount(
        CsvRow row, string accountsPath, Dictionary<string, int> known, Dictionary<string, int> rejected, Func<string, bool> accountExists)
    {
        var accountId = row.Text("account_id");
        if (accountId.Length == 0 || known.ContainsKey(accountId))
        {
            return accountId;
        }

        if (rejected.TryGetValue(accountId, out var line))
        {
            row.Fail("account_id", $"account '{accountId}' was rejected at {accountsPath}:{line}");
        }
        else if (!accountExists(accountId))
        {
            row.Fail("account_id", $"account '{accountId}' is neither in {accountsPath} nor in the CRM");
        }

        return accountId;
    }

    internal static string Currency(CsvRow row)
    {
        var currency = row.Text("currency");
        if (currency.Length > 0 && (currency.Length != 3 || !currency.All(char.IsAsciiLetterUpper)))
        {
            row.Fail("currency", $"'{currency}' is not an ISO 4217 code like USD");
        }

        return currency;
    }

    /// <summary>The rows of <paramref name="path"/> one at a time; a missing file, header or column is an error in <paramref name="errors"/>.</summary>
    internal static IEnumerable<CsvRow> Rows(string path, string[] required, List<ImportError> errors)
    {
        var name = path;
        if (!File.Exists(path))
        {
            errors.Add(new ImportError(name, 0, "file", "not found"));
            yield break;
        }

        var malformed = new List<(long Line, string Reason)>();
        var options = new CsvReaderOptions
        {
            TrackLineNumbers = true,
            SkipEmptyLines = true,
            TrimWhitespace = true,
            MalformedData = CsvMalformedDataHandling.Skip,
            OnMalformedRecord = m => malformed.Add((m.LineNumber, m.Reason.ToString())),
            FieldCountMismatch = CsvFieldCountHandling.Allow,
            MissingField = CsvMissingFieldHandling.ReturnEmpty,
        };
        using var csv = CsvReader.FromFile(path, options, FileOptions.SequentialScan);
        string[]? header = null;
        while (true)
        {
            var more = csv.Read();
            foreach (var (badLine, reason) in malformed)
            {
                errors.Add(new ImportError(name, (int)badLine, "row", $"malformed CSV ({reason}); the row is skipped"));
            }

            malformed.Clear();
            if (!more)
            {
                if (header is null && (csv.Headers is null || csv.Headers.Count == 0))
                {
                    errors.Add(new ImportError(name, 1, "header", "the file is empty; expected a header row"));
                }

                break;
            }

            if (header is null)
            {
                header = csv.Headers.Select(h => h.Trim().ToLowerInvariant()).ToArray();
                var missing = required.Where(r => !header.Contains(r)).ToArray();
                if (missing.Length > 0)
                {
                    errors.Add(new ImportError(name, 1, "header", $"missing column(s) {string.Join(", ", missing)}; the whole file is rejected"));
                    yield break;
                }
            }

            var line = (int)csv.LineNumber;
            var fields = new Dictionary<string, string?>(StringComparer.Ordinal);
            for (var i = 0; i < header.Length; i++)
            {
                fields[header[i]] = i < csv.FieldCount ? csv.GetString(i) : null;
            }

            var row = new CsvRow(name, line, fields, errors);
            if (fields.Values.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            yield return row;
        }
    }
}
