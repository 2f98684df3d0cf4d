using CrmSuite.PlaybookEngine.Offers;

namespace CrmSuite.PlaybookEngine.Tests.Offers;

public sealed class PriceBookParserTests
{
    private static PriceBookParseResult ParseWith(string replace, string with) =>
        PriceBookParser.Parse(OfferTestData.PriceBookText.Replace(replace, with, StringComparison.Ordinal), "books/pricebook.md");

    [Fact]
    public void Test_price_book_parses_with_tiers_in_order()
    {
        var result = PriceBookParser.Parse(OfferTestData.PriceBookText, "pricebook.md");

        Assert.Empty(result.Diagnostics);
        Assert.Equal(["free", "starter", "professional", "enterprise"], result.PriceBook!.Tiers.Select(t => t.Name));
        Assert.Equal(2, result.PriceBook.Tiers[2].Rank);
        Assert.Null(result.PriceBook.Tiers[3].Limits.Seats);
    }

    [Fact]
    public void Shipped_price_book_and_offers_have_no_diagnostics()
    {
        var folder = Path.Combine(OfferTestData.RepoRoot(), "playbooks");
        var files = new[] { "pricebook.md", "offers.md" }
            .Select(f => PriceBookParser.Parse(File.ReadAllText(Path.Combine(folder, f)), $"playbooks/{f}")).ToList();

        var catalog = new OfferCatalog(files, OfferTestData.Today);

        Assert.Empty(catalog.Diagnostics);
        Assert.Equal(["free", "starter", "professional", "enterprise"], catalog.PriceBookFor("crmsuite")!.Tiers.Select(t => t.Name));
        Assert.Equal(["EUR", "JPY", "USD"], catalog.PriceBookFor("crmsuite")!.Currencies.Order());
        foreach (var id in new[] { "next-tier", "professional-trial", "enterprise-trial", "renewal-upgrade", "seat-expansion", "healthcare-compliance" })
        {
            Assert.True(catalog.Check(id).IsOk, id);
        }
    }

    [Fact]
    public void File_without_front_matter_is_reported_at_its_first_line()
    {
        var result = PriceBookParser.Parse("# just prose\n", "p.md");

        var d = Assert.Single(result.Diagnostics);
        Assert.Equal("p.md:1:1: error PR001: expected YAML front matter: the file must start with a line `---`", d.ToString());
    }

    [Fact]
    public void Unclosed_front_matter_is_reported()
    {
        var result = PriceBookParser.Parse("---\nkind: pricebook\nproduct: crmsuite\n", "p.md");

        Assert.Equal("PR001", Assert.Single(result.Diagnostics).Code);
        Assert.Contains("not closed", result.Diagnostics[0].Message);
    }

    [Fact]
    public void Yaml_syntax_error_is_reported_at_its_line()
    {
        var result = ParseWith("annual_discount: 15%", "annual_discount: [15%");

        var d = Assert.Single(result.Diagnostics);
        Assert.Equal("PR002", d.Code);
        Assert.InRange(d.Line, OfferTestData.LineOf(OfferTestData.PriceBookText, "annual_discount"), 60);
    }

    [Fact]
    public void Alias_after_a_flow_list_is_reported_at_the_front_matter_start_instead_of_throwing()
    {
        var result = ParseWith("annual_discount: 15%", "annual_discount: [15%] *x");

        var d = Assert.Single(result.Diagnostics);
        Assert.Equal(("PR002", 2, 1), (d.Code, d.Line, d.Column));
        Assert.Contains("followed by more on its line", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Misspelt_key_is_reported_at_its_line_and_column_with_a_suggestion()
    {
        // "anual_discount" is on line 8 of the test book, at column 1.
        var result = ParseWith("annual_discount: 15%", "anual_discount: 15%");

        var unknown = Assert.Single(result.Diagnostics, d => d.Code == "PR005");
        Assert.Equal(8, OfferTestData.LineOf(OfferTestData.PriceBookText, "annual_discount"));
        Assert.Equal("books/pricebook.md:8:1: error PR005: unknown key `anual_discount` in the price book (did you mean `annual_discount`?); expected one of " +
            "kind, product, version, status, effective_from, effective_to, currencies, minimum_seats, annual_discount, term_discounts, volume_bands, loyalty, deal_desk, roi, tiers",
            unknown.ToString());
        Assert.Contains(result.Diagnostics, d => d.Code == "PR004" && d.Message.Contains("annual_discount"));
    }

    [Fact]
    public void Discount_written_as_a_fraction_is_reported_at_the_value()
    {
        var result = ParseWith("annual_discount: 15%", "annual_discount: 0.15");

        var d = Assert.Single(result.Diagnostics);
        Assert.Equal(("PR007", 8, 18), (d.Code, d.Line, d.Column));
        Assert.Null(result.PriceBook);
    }

    [Fact]
    public void Gap_between_volume_bands_is_reported_at_the_band()
    {
        var result = ParseWith("{ from: 50, to: 249", "{ from: 60, to: 249");

        var d = Assert.Single(result.Diagnostics);
        Assert.Equal("PR012", d.Code);
        Assert.Equal(OfferTestData.LineOf(OfferTestData.PriceBookText, "from: 50"), d.Line);
        Assert.Contains("gap", d.Message);
    }

    [Fact]
    public void Overlapping_volume_bands_are_reported()
    {
        var result = ParseWith("{ from: 250, discount", "{ from: 200, discount");

        Assert.Contains("overlaps", Assert.Single(result.Diagnostics).Message);
    }

    [Fact]
    public void Unknown_currency_is_reported_with_a_suggestion()
    {
        var result = ParseWith("currencies: [USD, JPY]", "currencies: [USDD, JPY]");

        var d = Assert.Single(result.Diagnostics, d => d.Code == "PR009");
        Assert.Contains("did you mean `USD`", d.Message);
        Assert.Equal((7, 14), (d.Line, d.Column));
    }

    [Fact]
    public void Tier_without_a_price_in_a_book_currency_is_reported()
    {
        var result = ParseWith("{ USD: 45, JPY: 6500 }", "{ USD: 45 }");

        var d = Assert.Single(result.Diagnostics);
        Assert.Equal("PR017", d.Code);
        Assert.Contains("JPY", d.Message);
    }

    [Fact]
    public void Higher_tier_listed_below_the_tier_under_it_is_reported()
    {
        var result = ParseWith("{ USD: 90, JPY: 13000 }", "{ USD: 40, JPY: 13000 }");

        Assert.Equal("PR011", Assert.Single(result.Diagnostics).Code);
    }

    [Fact]
    public void Yen_price_with_decimals_is_reported()
    {
        var result = ParseWith("JPY: 6500", "JPY: 6500.5");

        Assert.Contains("minor units", Assert.Single(result.Diagnostics).Message);
    }

    [Fact]
    public void Effective_end_before_start_is_reported()
    {
        var result = ParseWith("effective_from: 2026-01-01", "effective_from: 2026-01-01\neffective_to: 2025-12-31");

        Assert.Equal("PR014", Assert.Single(result.Diagnostics).Code);
    }

    [Fact]
    public void Term_table_that_rewards_longer_terms_less_is_reported()
    {
        var result = ParseWith("{ years: 3, discount: 10% }", "{ years: 3, discount: 4% }");

        Assert.Equal("PR013", Assert.Single(result.Diagnostics).Code);
    }

    [Fact]
    public void All_errors_of_a_file_are_reported_at_once()
    {
        var text = OfferTestData.PriceBookText
            .Replace("annual_discount: 15%", "annual_discount: 15", StringComparison.Ordinal)
            .Replace("status: approved", "status: aproved", StringComparison.Ordinal)
            .Replace("{ from: 50, to: 249", "{ from: 60, to: 249", StringComparison.Ordinal);

        var result = PriceBookParser.Parse(text, "p.md");

        Assert.Equal(["PR006", "PR007", "PR012"], result.Diagnostics.Select(d => d.Code));
        Assert.Contains("did you mean `approved`", result.Diagnostics[0].Message);
    }

    [Fact]
    public void Unknown_kind_is_reported_with_a_suggestion()
    {
        var result = PriceBookParser.Parse("---\nkind: pricebok\n---\n", "p.md");

        var d = Assert.Single(result.Diagnostics);
        Assert.Equal(("PR003", 2, 7), (d.Code, d.Line, d.Column));
        Assert.Contains("did you mean `pricebook`", d.Message);
    }

    [Fact]
    public void Kind_can_be_peeked_to_route_files()
    {
        Assert.Equal("playbook", PriceBookParser.PeekKind("---\nkind: playbook\nid: x\n---\n# Start\n"));
        Assert.Null(PriceBookParser.PeekKind("# no front matter\n"));
        Assert.True(PriceBookParser.Handles("offers"));
        Assert.False(PriceBookParser.Handles("playbook"));
    }

    [Fact]
    public void Trial_offer_without_a_tier_is_reported()
    {
        var text = OfferTestData.OffersText.Replace("tier: professional, trial_days: 14", "trial_days: 14", StringComparison.Ordinal);

        var result = PriceBookParser.Parse(text, "offers.md");

        var d = Assert.Single(result.Diagnostics);
        Assert.Equal(("PR004", OfferTestData.LineOf(text, "professional-trial")), (d.Code, d.Line));
    }

    [Fact]
    public void Duplicate_offer_id_is_reported()
    {
        var text = OfferTestData.OffersText.Replace("id: seat-expansion", "id: next-tier", StringComparison.Ordinal);

        var result = PriceBookParser.Parse(text, "offers.md");

        Assert.Equal("PR010", Assert.Single(result.Diagnostics).Code);
    }

    [Fact]
    public void Offer_with_a_misspelt_kind_gets_a_suggestion()
    {
        var text = OfferTestData.OffersText.Replace("kind: seat_expansion", "kind: seat_expanson", StringComparison.Ordinal);

        var result = PriceBookParser.Parse(text, "offers.md");

        Assert.Contains("did you mean `seat_expansion`", Assert.Single(result.Diagnostics).Message);
    }

    [Fact]
    public void Tier_unknown_to_the_signal_catalogue_is_a_warning_with_a_suggestion()
    {
        var result = ParseWith("name: professional", "name: profesional");

        var d = Assert.Single(result.Diagnostics);
        Assert.Equal(("PR015", false), (d.Code, d.IsError));
        Assert.Contains("did you mean `professional`", d.Message);
        Assert.NotNull(result.PriceBook);
    }

    [Fact]
    public void Windows_line_endings_keep_positions()
    {
        var text = OfferTestData.PriceBookText.Replace("annual_discount: 15%", "annual_discount: 0.15", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal);

        var d = Assert.Single(PriceBookParser.Parse(text, "p.md").Diagnostics);

        Assert.Equal(("PR007", 8, 18), (d.Code, d.Line, d.Column));
    }
}
