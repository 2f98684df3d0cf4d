using System.Collections.Immutable;
using CrmSuite.Connector.Store;
using CrmSuite.Connector.Sync;
using CrmSuite.PlaybookEngine.Accounts;
using CrmSuite.PlaybookEngine.Metrics;
using CrmSuite.PlaybookEngine.Signals;

namespace CrmSuite.Connector.Import;

/// <summary>What a subscription history file held and the movements it made.</summary>
internal sealed record SubscriptionHistorySummary(int Rows, int Subscriptions, IReadOnlyDictionary<MrrMovementKind, int> Movements, IReadOnlyList<ImportError> Errors);

/// <summary>
/// Reads a subscription history CSV (docs/data.md, "Subscription history"): each row a subscription's state from its
/// <c>date</c> on. Consecutive states of a subscription become the ledger's movements exactly as the sync classifies what it
/// observes (<see cref="MrrTracker.Between"/>); a contract value is normalized with <see cref="MrrNormalization"/>. The file
/// is streamed: one state per subscription is held, never the rows, so a subscription's rows must come in date order.
/// </summary>
internal static class SubscriptionHistoryCsv
{
    public static readonly ImmutableArray<string> Columns =
        ["account_id", "subscription_id", "date", "tier", "seats", "mrr", "amount", "billing_period", "term_months", "currency", "status", "paid_through"];

    private static readonly string[] Required = ["account_id", "subscription_id", "date", "tier", "seats", "currency"];
    private static readonly string[] Statuses = ["active", "trial", "cancelled"];

    /// <summary>
    /// Hands the movements and last states to <paramref name="sink"/> while no row has failed; returns the counts and every
    /// bad row's error. The caller commits only when there is none.
    /// </summary>
    public static SubscriptionHistorySummary Read(string path, ISubscriptionHistorySink sink)
    {
        var errors = new List<ImportError>();
        var last = new Dictionary<string, (MrrSnapshot State, DateOnly Day, int Line)>(StringComparer.Ordinal);
        var movements = new Dictionary<MrrMovementKind, int>();
        var rows = 0;
        foreach (var row in CsvImport.Rows(path, Required, errors))
        {
            rows++;
            var state = State(row);
            var day = row.Date("date");
            var paidThrough = row.OptionalDate("paid_through");
            if (paidThrough is not null && state.Status != SubscriptionStatus.Cancelled)
            {
                row.Fail("paid_through", "only a cancelled row has a last day paid for; set status to cancelled or leave it empty");
            }

            var id = state.SubscriptionId;
            var known = last.TryGetValue(id, out var previous);
            if (known && !row.AnyFailed(["date"]))
            {
                if (day == previous.Day)
                {
                    row.Fail("date", $"a second row for subscription '{id}' on {day:yyyy-MM-dd}, first at line {previous.Line}");
                }
                else if (day < previous.Day)
                {
                    row.Fail("date", $"{day:yyyy-MM-dd} comes after {previous.Day:yyyy-MM-dd} (line {previous.Line}); a subscription's rows must be in date order");
                }
            }

            if (known && state.AccountId.Length > 0 && state.AccountId != previous.State.AccountId)
            {
                row.Fail("account_id", $"subscription '{id}' belongs to account '{previous.State.AccountId}' (line {previous.Line}); expected the same account on every row");
            }

            if (row.HasErrors || errors.Count > 0)
            {
                // Nothing is written once a row failed; the rest of the file is still checked so every error is reported.
                continue;
            }

            if (!known)
            {
                sink.Replace(id);
            }

            if (MrrTracker.Between(known ? previous.State : null, state, day, paidThrough) is { } movement)
            {
                sink.Add(movement);
                movements[movement.Kind] = movements.GetValueOrDefault(movement.Kind) + 1;
            }

            last[id] = (state, day, row.Line);
        }

        if (errors.Count == 0)
        {
            foreach (var (state, _, _) in last.Values)
            {
                sink.LastSeen(state);
            }
        }

        return new SubscriptionHistorySummary(rows, last.Count, movements, errors);
    }

    private static MrrSnapshot State(CsvRow row)
    {
        var status = (row.OptionalOneOf("status", Statuses) ?? "active") switch
        {
            "trial" => SubscriptionStatus.Trial,
            "cancelled" => SubscriptionStatus.Cancelled,
            _ => SubscriptionStatus.Active,
        };
        return new MrrSnapshot(
            row.Text("subscription_id"),
            row.Text("account_id"),
            row.OneOf("tier", SignalCatalog.Tiers),
            row.Int("seats", 0),
            Mrr(row, status),
            CsvImport.Currency(row),
            status);
    }

    /// <summary>The row's MRR: <c>mrr</c> as given, or <c>amount</c> over the months it pays for; a cancelled row may give neither (0).</summary>
    private static decimal Mrr(CsvRow row, SubscriptionStatus status)
    {
        var mrr = row.OptionalDecimal("mrr", 0m);
        var amount = row.OptionalDecimal("amount", 0m);
        var billing = row.OptionalOneOf("billing_period", SignalCatalog.BillingPeriods);
        var term = row.OptionalInt("term_months", 1);
        if (row.OptionalText("mrr") is not null && row.OptionalText("amount") is not null)
        {
            row.Fail("amount", "give mrr or amount, not both");
            return 0m;
        }

        if (row.OptionalText("amount") is null)
        {
            if (mrr is null && row.OptionalText("mrr") is null && status != SubscriptionStatus.Cancelled)
            {
                row.Fail("mrr", "missing; give mrr, or amount with billing_period or term_months (only a cancelled row may give neither)");
            }

            return mrr ?? 0m;
        }

        var months = term ?? billing switch
        {
            "annual" => 12,
            "monthly" => 1,
            _ => (int?)null,
        };
        if (months is null)
        {
            if (!row.AnyFailed(["billing_period", "term_months"]))
            {
                row.Fail("billing_period", "missing; amount needs billing_period (monthly, annual) or term_months (the months it pays for)");
            }

            return 0m;
        }

        return amount is { } value ? MrrNormalization.PerMonth(value, months.Value) : 0m;
    }
}
