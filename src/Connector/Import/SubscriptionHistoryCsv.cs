using System.Collections.Immutable;
using CrmSuite.Connector.Store;
using CrmSuite.Connector.Sync;
using CrmSuite.PlaybookEngine.Accounts;
using CrmSuite.PlaybookEngine.Metrics;
using CrmSuite.PlaybookEngine.Signals;

namespace CrmSuite.Connector.Import;

/// <summary>What a subscription history file held and the movements it made.</summary>
/// <param name="Rows">The file's data rows.</param>
/// <param name="Subscriptions">The subscriptions it names.</param>
/// <param name="Movements">The movements written, by kind.</param>
/// <param name="Errors">Every bad row; nothing is written when there is one.</param>
/// <param name="SightingsReplaced">Subscriptions whose first sighting by the sync the history took the place of.</param>
/// <param name="RowsAfterObserved">Rows dated on or after a change the connector observed itself, not written.</param>
internal sealed record SubscriptionHistorySummary(
    int Rows, int Subscriptions, IReadOnlyDictionary<MrrMovementKind, int> Movements, IReadOnlyList<ImportError> Errors, int SightingsReplaced = 0,
    int RowsAfterObserved = 0);

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
        var sightings = new Dictionary<string, SightedHistory>(StringComparer.Ordinal);
        var rows = 0;
        var rowsAfterObserved = 0;
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

            // Replacing inside the one transaction is harmless when a row has failed: nothing is committed then.
            if (!known && !row.HasErrors && sink.Replace(state.AccountId, id) is { } sighting)
            {
                if (day > sighting.Day)
                {
                    row.Fail("date", $"subscription '{id}' started on {sighting.Day:yyyy-MM-dd} in the CRM (the sync's first sighting); "
                        + "its history must begin on or before that day");
                }

                sightings[id] = new SightedHistory(sighting);
            }

            if (row.HasErrors || errors.Count > 0)
            {
                // Nothing is written once a row failed; the rest of the file is still checked so every error is reported.
                continue;
            }

            last[id] = (state, day, row.Line);
            if (sightings.TryGetValue(id, out var sighted))
            {
                if (AfterObserved(sighted, day))
                {
                    rowsAfterObserved++;
                    continue;
                }

                sighted.Keep(state, day);
            }

            if (MrrTracker.Between(known ? previous.State : null, state, day, paidThrough) is { } movement)
            {
                sink.Add(movement);
                movements[movement.Kind] = movements.GetValueOrDefault(movement.Kind) + 1;
            }
        }

        var replaced = 0;
        if (errors.Count == 0)
        {
            foreach (var sighted in sightings.Values.Where(s => s.Kept is not null))
            {
                sink.SetAside(sighted.Sighting);
                replaced++;
                if (MrrTracker.Between(sighted.Kept, sighted.Sighting.Seen, sighted.LastKeptDay) is { } reconcile)
                {
                    sink.Add(reconcile);
                    movements[reconcile.Kind] = movements.GetValueOrDefault(reconcile.Kind) + 1;
                }
            }

            foreach (var (state, _, _) in last.Values)
            {
                sink.LastSeen(state);
            }
        }

        return new SubscriptionHistorySummary(rows, last.Count, movements, errors, replaced, rowsAfterObserved);
    }

    /// <summary>From the first change the connector observed itself on, the ledger already holds what happened.</summary>
    private static bool AfterObserved(SightedHistory sighted, DateOnly day) => sighted.Sighting.NextObserved is { } next && day >= next;

    /// <summary>A subscription the sync has seen: its first sighting and the last history state written before its own observations.</summary>
    private sealed class SightedHistory(FirstSighting sighting)
    {
        public FirstSighting Sighting { get; } = sighting;

        public MrrSnapshot? Kept { get; private set; }

        public DateOnly LastKeptDay { get; private set; }

        public void Keep(MrrSnapshot state, DateOnly day)
        {
            Kept = state;
            LastKeptDay = day;
        }
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
