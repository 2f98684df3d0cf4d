using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CrmSuite.Connector.Crm;
using CrmSuite.Connector.Playbooks;
using CrmSuite.PlaybookEngine.Accounts;
using CrmSuite.Plugins.Discounts;
using CrmSuite.Plugins.Handlers;

namespace CrmSuite.Connector.Webhooks;

/// <summary>
/// The deal desk's asynchronous discount review (docs/plugins.md, "The discount review"): the deal is read again, measured
/// against the approved price book, and its verdict written on the row (<c>cs_discountstatus</c>: <c>within-policy</c>,
/// <c>off-policy</c>, <c>beyond-ceiling</c> or <c>unchecked</c>; <c>cs_discountnote</c>: the rule and the discount term and
/// volume allow). An off-policy or beyond-ceiling discount opens one approval task per version of the deal's terms, its id
/// derived from them, so a replay or an unrelated save opens no second task.
/// </summary>
internal sealed class DiscountReview(IEnumerable<ICrmDeals> deals, PublishedOffers offers, WebhookOptions options, TimeProvider time)
{
    public const string WithinPolicy = "within-policy";
    public const string OffPolicy = "off-policy";
    public const string BeyondCeiling = "beyond-ceiling";
    public const string Unchecked = "unchecked";

    /// <summary>Days from the review to the approval task's due date.</summary>
    public const int TaskDueDays = 2;

    public async Task<string> ReviewAsync(string table, Guid rowId, CancellationToken cancellationToken)
    {
        if (deals.FirstOrDefault() is not { } crm)
        {
            return "this CRM has no quotes or opportunities: nothing to review";
        }

        var id = rowId.ToString("D");
        if (await crm.ReadDealAsync(table, id, cancellationToken) is not { } deal)
        {
            return $"{table} {id} no longer exists";
        }

        if (Terms(deal) is not { } terms)
        {
            var missing = table == ProposalDeal.Table ? "no cs_discountpercentage or no cs_terms naming a license" : "no cs_tier, cs_seats and discountpercentage";
            return $"{table} {id} is not a CrmSuite deal ({missing}): not reviewed";
        }

        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var product = deal.Product ?? DiscountCeilingHandler.DefaultProduct;
        var (status, note) = Assess(product, terms, today);
        var task = status is OffPolicy or BeyondCeiling ? ApprovalTask(deal, product, terms, note, today) : null;
        var opened = await crm.RecordDiscountReviewAsync(new DiscountReviewRecord(table, id, status, note, task, deal.AccountId), cancellationToken);
        return task is null ? $"{table} {id}: {status}"
            : opened ? $"{table} {id}: {status}; deal desk task {task.Id:D} opened"
            : $"{table} {id}: {status}; deal desk task {task.Id:D} was already open";
    }

    private (string Status, string Note) Assess(string product, DealTerms terms, DateOnly today)
    {
        if (offers.PriceBookFor(product, today) is not { } book)
        {
            return (Unchecked, $"no approved price book of {product} is in force: the discount cannot be checked");
        }

        try
        {
            var assessment = DiscountPolicy.Assess(book, terms);
            return (assessment.Standing switch
            {
                DiscountStanding.WithinRules => WithinPolicy,
                DiscountStanding.NeedsApproval => OffPolicy,
                _ => BeyondCeiling,
            }, assessment.Explanation);
        }
        catch (ArgumentException ex)
        {
            return (Unchecked, $"the price book cannot price this deal: {ex.Message}");
        }
    }

    private DealDeskTask ApprovalTask(CrmDeal deal, string product, DealTerms terms, string note, DateOnly today)
    {
        var noun = deal.Table == ProposalDeal.Table ? "upgrade proposal" : deal.Table;
        var what = deal.Name is { Length: > 0 } name ? $"{noun} {name}" : $"{noun} {deal.Id}";
        var description = $"{note}\n\nApprove the discount by completing this task, or ask the seller to change it; the {noun}'s "
            + "Discount status and Discount note say the same.";
        return new DealDeskTask(TaskId(deal, product, terms), $"Deal desk: approve the {DiscountPolicy.Percent(terms.Discount)} discount on {what}",
            description, options.DealDeskOwnerId is { Length: > 0 } owner ? owner : null, today.AddDays(TaskDueDays));
    }

    /// <summary>The deal's terms as the synchronous check reads them, with the same defaults; null when it is not a CrmSuite deal.</summary>
    public static DealTerms? Terms(CrmDeal deal)
    {
        if (string.IsNullOrEmpty(deal.Tier) || deal.Seats is not { } seats || deal.DiscountPercent is not { } percent)
        {
            return null;
        }

        var billing = deal.BillingPeriod == "monthly" ? BillingPeriod.Monthly : BillingPeriod.Annual;
        return new DealTerms(deal.Tier, seats, billing, Math.Max(1, deal.TermYears ?? 1), deal.Currency ?? "USD", deal.TenureMonths ?? 0, percent / 100m);
    }

    // One task per version of the terms: the same row with the same terms gives the same id.
    private static Guid TaskId(CrmDeal deal, string product, DealTerms terms)
    {
        var text = string.Join('|', "deal-desk", deal.Table, deal.Id, product, terms.Tier, terms.Seats.ToString(CultureInfo.InvariantCulture),
            terms.Billing.ToString(), terms.TermYears.ToString(CultureInfo.InvariantCulture), terms.Currency,
            terms.TenureMonths.ToString(CultureInfo.InvariantCulture), terms.Discount.ToString(CultureInfo.InvariantCulture));
        return new Guid(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 16));
    }
}
