using CrmSuite.PlaybookEngine.Offers;

namespace CrmSuite.PlaybookEngine.Tests.Offers;

public sealed class OfferCatalogTests
{
    private readonly OfferCatalog _catalog = OfferTestData.Catalog();

    [Fact]
    public void Approved_effective_offer_is_ok()
    {
        var reference = _catalog.Check("next-tier");

        Assert.True(reference.IsOk);
        Assert.Null(reference.ToDiagnostic("pb.md", 3, 5));
    }

    [Fact]
    public void Unknown_offer_is_reported_with_a_suggestion_at_the_reference()
    {
        var reference = _catalog.Check("next-teir");

        Assert.Equal(OfferReferenceStatus.Unknown, reference.Status);
        Assert.Equal("next-tier", reference.Suggestion);
        Assert.Equal("playbooks/upgrade.md:12:10: error PR020: unknown offer `next-teir` (did you mean `next-tier`?)",
            reference.ToDiagnostic("playbooks/upgrade.md", 12, 10)!.ToString());
    }

    [Fact]
    public void Draft_offer_is_never_offered()
    {
        Assert.Equal(OfferReferenceStatus.Draft, _catalog.Check("draft-offer").Status);
        Assert.Null(_catalog.FindOfferable("draft-offer"));
        Assert.Equal("PR021", _catalog.Check("draft-offer").Code);
    }

    [Fact]
    public void Retired_offer_is_never_offered()
    {
        Assert.Equal(OfferReferenceStatus.Retired, _catalog.Check("retired-offer").Status);
        Assert.Null(_catalog.FindOfferable("retired-offer"));
    }

    [Fact]
    public void Offer_before_its_effective_date_is_not_offered()
    {
        Assert.Equal(OfferReferenceStatus.NotYetEffective, _catalog.Check("future-offer").Status);
    }

    [Fact]
    public void Offer_is_offered_from_its_first_effective_day()
    {
        var catalog = OfferTestData.Catalog(new DateOnly(2027, 1, 1));

        Assert.True(catalog.Check("future-offer").IsOk);
    }

    [Fact]
    public void Offer_after_its_last_effective_day_is_expired()
    {
        Assert.Equal(OfferReferenceStatus.Expired, _catalog.Check("expired-offer").Status);
        Assert.True(OfferTestData.Catalog(new DateOnly(2026, 6, 30)).Check("expired-offer").IsOk);
    }

    [Fact]
    public void Draft_price_book_prices_nothing()
    {
        var draftBook = OfferTestData.PriceBookText.Replace("status: approved", "status: draft", StringComparison.Ordinal);
        var catalog = new OfferCatalog([PriceBookParser.Parse(draftBook, "pb.md"), PriceBookParser.Parse(OfferTestData.OffersText, "o.md")], OfferTestData.Today);

        Assert.Null(catalog.PriceBookFor("crmsuite"));
        Assert.Equal(OfferReferenceStatus.NoPriceBook, catalog.Check("next-tier").Status);
    }

    [Fact]
    public void Price_book_is_not_used_before_its_effective_date()
    {
        var catalog = OfferTestData.Catalog(new DateOnly(2025, 12, 31));

        Assert.Null(catalog.PriceBookFor("crmsuite"));
    }

    [Fact]
    public void Highest_approved_effective_version_wins_over_a_retired_one()
    {
        var v4Retired = OfferTestData.PriceBookText
            .Replace("version: 3", "version: 4", StringComparison.Ordinal)
            .Replace("status: approved", "status: retired", StringComparison.Ordinal);
        var v2 = OfferTestData.PriceBookText.Replace("version: 3", "version: 2", StringComparison.Ordinal);
        var catalog = new OfferCatalog(
            [PriceBookParser.Parse(v4Retired, "v4.md"), PriceBookParser.Parse(OfferTestData.PriceBookText, "v3.md"), PriceBookParser.Parse(v2, "v2.md")],
            OfferTestData.Today);

        Assert.Equal(3, catalog.PriceBookFor("crmsuite")!.Version);
    }

    [Fact]
    public void First_offerable_skips_drafts_and_retired_offers()
    {
        Assert.Equal("next-tier", _catalog.FirstOfferable(OfferKind.NextTier)!.Id);
        Assert.Equal("enterprise-trial", _catalog.FirstOfferable(OfferKind.Trial, "enterprise")!.Id);
    }

    [Fact]
    public void Trial_of_a_tier_the_price_book_lacks_is_reported_at_the_offer()
    {
        var offers = OfferTestData.OffersText.Replace("tier: enterprise,", "tier: entreprise,", StringComparison.Ordinal);
        var catalog = new OfferCatalog([PriceBookParser.Parse(OfferTestData.PriceBookText, "pb.md"), PriceBookParser.Parse(offers, "o.md")], OfferTestData.Today);

        var d = Assert.Single(catalog.Diagnostics);
        Assert.Equal(("PR015", "o.md", OfferTestData.LineOf(offers, "enterprise-trial")), (d.Code, d.Path, d.Line));
        Assert.Contains("did you mean `enterprise`", d.Message);
    }

    [Fact]
    public void Add_on_without_a_price_in_a_book_currency_is_reported()
    {
        var offers = OfferTestData.OffersText.Replace("{ USD: 8, JPY: 1200 }", "{ USD: 8 }", StringComparison.Ordinal);
        var catalog = new OfferCatalog([PriceBookParser.Parse(OfferTestData.PriceBookText, "pb.md"), PriceBookParser.Parse(offers, "o.md")], OfferTestData.Today);

        Assert.Equal("PR017", Assert.Single(catalog.Diagnostics).Code);
    }

    [Fact]
    public void Offers_for_a_product_without_a_price_book_are_reported()
    {
        var catalog = new OfferCatalog([PriceBookParser.Parse(OfferTestData.OffersText, "o.md")], OfferTestData.Today);

        Assert.All(catalog.Diagnostics, d => Assert.Equal("PR016", d.Code));
        Assert.NotEmpty(catalog.Diagnostics);
    }
}
