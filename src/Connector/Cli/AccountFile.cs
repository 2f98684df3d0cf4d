using System.Text.Json;
using CrmSuite.PlaybookEngine.Accounts;

namespace CrmSuite.Connector.Cli;

/// <summary>
/// Reads the account JSON file taken by `simulate` and `propose` (format in docs/data.md):
/// an object with "account", "subscription" and an optional "usage".
/// </summary>
internal static class AccountFile
{
    /// <summary>The longest term a license may have: ten years.</summary>
    public const int MaxTermMonths = 120;

    public sealed record Contents(Account Account, Subscription Subscription, UsageSnapshot? Usage);

    /// <summary>Parses the file; on bad input returns the problems as "path: field: expected …" lines.</summary>
    public static (Contents? Contents, IReadOnlyList<string> Errors) Read(string path)
    {
        if (!File.Exists(path))
        {
            return (null, [$"{path}: file not found"]);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(path));
        }
        catch (JsonException ex)
        {
            return (null, [$"{path}:{(ex.LineNumber ?? 0) + 1}:{(ex.BytePositionInLine ?? 0) + 1}: not valid JSON: {ex.Message}"]);
        }

        using (document)
        {
            var reader = new FieldReader(path);
            var root = document.RootElement;
            var account = reader.Object(root, "account");
            var subscription = reader.Object(root, "subscription");
            if (account is null || subscription is null)
            {
                return (null, reader.Errors);
            }

            var a = account.Value;
            var s = subscription.Value;
            var accountId = reader.Text(a, "account.id");
            var parsedAccount = new Account(
                accountId,
                reader.Text(a, "account.name"),
                reader.Text(a, "account.segment"),
                reader.Text(a, "account.industry"),
                reader.Text(a, "account.lifecycle_stage"),
                reader.OptionalText(a, "account.csm"),
                reader.OptionalDecimal(a, "account.hourly_cost"));
            var parsedSubscription = new Subscription(
                reader.OptionalText(s, "subscription.id") ?? $"{accountId}-sub",
                accountId,
                reader.OptionalText(s, "subscription.product") ?? "crmsuite",
                reader.Text(s, "subscription.tier"),
                reader.Int(s, "subscription.seats"),
                reader.Int(s, "subscription.seats_used"),
                reader.Enum<BillingPeriod>(s, "subscription.billing_period"),
                reader.OptionalMonths(s, "subscription.term_months", 1, MaxTermMonths) ?? 12,
                reader.Date(s, "subscription.start_date"),
                reader.OptionalDate(s, "subscription.renewal_date"),
                reader.Decimal(s, "subscription.mrr"),
                reader.Text(s, "subscription.currency"),
                reader.OptionalEnum<SubscriptionStatus>(s, "subscription.status") ?? SubscriptionStatus.Active,
                reader.OptionalText(s, "subscription.trial_tier"),
                reader.OptionalDate(s, "subscription.trial_end"));

            UsageSnapshot? usage = null;
            if (root.TryGetProperty("usage", out var u) && u.ValueKind == JsonValueKind.Object)
            {
                usage = new UsageSnapshot(
                    accountId,
                    reader.Date(u, "usage.as_of"),
                    reader.Int(u, "usage.active_users_30d"),
                    reader.Decimal(u, "usage.feature_adoption"),
                    reader.Int(u, "usage.health"),
                    reader.OptionalInt(u, "usage.health_change_30d") ?? 0,
                    reader.OptionalInt(u, "usage.open_tickets") ?? 0,
                    reader.OptionalInt(u, "usage.nps"),
                    reader.OptionalDecimal(u, "usage.seat_utilization_min_28d") ?? 0m,
                    reader.OptionalDecimal(u, "usage.usage_growth_30d") ?? 0m,
                    reader.OptionalInt(u, "usage.days_since_last_login") ?? 0);
            }

            return reader.Errors.Count > 0 ? (null, reader.Errors) : (new Contents(parsedAccount, parsedSubscription, usage), []);
        }
    }
}
