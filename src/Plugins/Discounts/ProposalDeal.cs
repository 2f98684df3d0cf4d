using System.Text.Json;

namespace CrmSuite.Plugins.Discounts;

/// <summary>
/// The license an upgrade proposal sells, read from its <c>cs_terms</c> (the proposal's terms as JSON, docs/dataverse-schema.md):
/// <c>to_tier</c>, <c>to_seats</c>, <c>billing</c> (<c>Monthly</c> or <c>Annual</c>), <c>term_months</c> and <c>currency</c>.
/// The discount a seller types on the proposal (<c>cs_discountpercentage</c>) is checked against that license.
/// </summary>
internal static class ProposalDeal
{
    /// <summary>The proposal table and the columns the discount check reads from it.</summary>
    public const string Table = "cs_upgradeproposal";

    public const string DiscountColumn = "cs_discountpercentage";

    public const string TermsColumn = "cs_terms";

    /// <summary>The license the terms propose, or null when they are absent or not the proposal-terms JSON.</summary>
    public static ProposedLicense? Read(string? termsJson)
    {
        if (string.IsNullOrWhiteSpace(termsJson))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(termsJson, new JsonDocumentOptions { MaxDepth = 16 });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("to_tier", out var tier) || tier.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("to_seats", out var seats) || !seats.TryGetInt32(out var seatCount))
            {
                return null;
            }

            var billing = root.TryGetProperty("billing", out var b) && b.ValueKind == JsonValueKind.String
                && string.Equals(b.GetString(), "monthly", StringComparison.OrdinalIgnoreCase) ? "monthly" : "annual";
            var months = root.TryGetProperty("term_months", out var m) && m.TryGetInt32(out var termMonths) ? termMonths : 12;
            var currency = root.TryGetProperty("currency", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
            return new ProposedLicense(tier.GetString()!, seatCount, billing, Math.Max(1, months / 12), currency ?? "USD");
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>The license a proposal proposes, in the terms the discount check reads (a term in whole years, at least 1).</summary>
internal sealed record ProposedLicense(string Tier, int Seats, string BillingPeriod, int TermYears, string Currency);
