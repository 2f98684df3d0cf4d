using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using CrmSuite.Connector.Crm;
using CrmSuite.Connector.Playbooks;
using CrmSuite.Connector.Tests.Cli;
using CrmSuite.Connector.Webhooks;

namespace CrmSuite.Connector.Tests.Webhooks;

/// <summary>The deal desk's review of a saved deal against the shipped price book (docs/plugins.md, "The discount review").</summary>
public sealed class DiscountReviewTests
{
    private static readonly Guid Row = Guid.Parse("6d81597f-0f9f-e711-8122-000d3aa2331c");
    private const string DeskOwner = "dea1de5c-0000-4000-8000-000000000001";

    private readonly Deals _deals = new();

    private List<DiscountReviewRecord> Recorded => _deals.Recorded;

    private DiscountReview Review()
    {
        var offers = new PublishedOffers(Options.Create(new PlaybookOptions { PlaybooksPath = Path.Combine(CliRunner.RepositoryRoot, "playbooks") }));
        return new DiscountReview([_deals], offers, new WebhookOptions { DealDeskOwnerId = DeskOwner },
            new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero)));
    }

    private void Holds(string table, decimal? discount, string? tier = "professional", string? product = null) =>
        _deals.Deal = new CrmDeal(table, Row.ToString("D"), "Contoso renewal", null, discount, product, tier, 50, "annual", 2, "USD", null);

    /// <summary>A CRM holding one deal, recording the reviews written.</summary>
    private sealed class Deals : ICrmDeals
    {
        public CrmDeal? Deal { get; set; }

        public List<DiscountReviewRecord> Recorded { get; } = [];

        public Task<CrmDeal?> ReadDealAsync(string table, string id, CancellationToken cancellationToken) =>
            Task.FromResult(Deal is { } deal && deal.Table == table && deal.Id == id ? deal : null);

        public Task<bool> RecordDiscountReviewAsync(DiscountReviewRecord review, CancellationToken cancellationToken)
        {
            Recorded.Add(review);
            return Task.FromResult(review.Task is not null);
        }
    }

    [Theory]
    [InlineData(20, "within-policy", "20% is within the 23.29% this deal earns under price book crmsuite v3", false)]
    [InlineData(30, "off-policy", "30% needs deal-desk approval: this deal earns 23.29% under price book crmsuite v3", true)]
    [InlineData(45, "beyond-ceiling", "45% is beyond the deal desk's hard ceiling of 40%; this deal earns 23.29%", true)]
    public async Task The_verdict_and_the_rule_are_written_on_the_deal_and_a_discount_beyond_the_rules_opens_a_deal_desk_task(
        int percent, string status, string note, bool task)
    {
        var review = Review();
        Holds("opportunity", percent);

        var result = await review.ReviewAsync("opportunity", Row, CancellationToken.None);

        var recorded = Assert.Single(Recorded);
        Assert.Equal(("opportunity", status), (recorded.Table, recorded.Status));
        Assert.StartsWith(note, recorded.Note, StringComparison.Ordinal);
        Assert.Equal(task, recorded.Task is not null);
        if (task)
        {
            Assert.Equal($"Deal desk: approve the {percent}% discount on opportunity Contoso renewal", recorded.Task!.Subject);
            Assert.Equal((DeskOwner, new DateOnly(2026, 11, 26)), (recorded.Task.OwnerId, recorded.Task.Due));
            Assert.EndsWith("deal desk task " + recorded.Task.Id.ToString("D") + " opened", result, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_same_terms_give_the_same_task_and_changed_terms_a_new_one()
    {
        var review = Review();
        Holds("quote", 30);
        await review.ReviewAsync("quote", Row, CancellationToken.None);
        await review.ReviewAsync("quote", Row, CancellationToken.None);
        Holds("quote", 31);

        await review.ReviewAsync("quote", Row, CancellationToken.None);

        Assert.Equal(Recorded[0].Task!.Id, Recorded[1].Task!.Id);
        Assert.NotEqual(Recorded[0].Task!.Id, Recorded[2].Task!.Id);
    }

    [Fact]
    public async Task A_deal_the_book_cannot_price_is_marked_unchecked_with_the_reason_and_opens_no_task()
    {
        var review = Review();
        Holds("quote", 30, product: "other-product");

        await review.ReviewAsync("quote", Row, CancellationToken.None);

        var recorded = Assert.Single(Recorded);
        Assert.Equal(("unchecked", "no approved price book of other-product is in force: the discount cannot be checked"), (recorded.Status, recorded.Note));
        Assert.Null(recorded.Task);
    }

    [Fact]
    public async Task A_row_that_is_not_a_crmsuite_deal_is_left_as_it_is()
    {
        var review = Review();
        Holds("quote", 30, tier: null);

        var result = await review.ReviewAsync("quote", Row, CancellationToken.None);

        Assert.Empty(Recorded);
        Assert.Equal($"quote {Row:D} is not a CrmSuite deal (no cs_tier, cs_seats and discountpercentage): not reviewed", result);
    }
}
