using System.Collections.Concurrent;
using CrmSuite.PlaybookEngine.Offers;
using Microsoft.Extensions.Options;

namespace CrmSuite.Connector.Playbooks;

/// <summary>
/// The price book and offers published beside the playbooks, as a catalogue judged on one day (governance and validity
/// depend on the date): built once per day, when first asked.
/// </summary>
internal sealed class PublishedOffers(IOptions<PlaybookOptions> options)
{
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<DateOnly, (ProposalBuilder Builder, IReadOnlySet<string> Tiers, OfferCatalog Catalog)> _days = new();

    /// <summary>
    /// How many days' catalogues are kept: the connector lives in the present and keeps one; the demo history, which plays
    /// many accounts over many days at once, keeps every day it plays.
    /// </summary>
    public int DaysKept { get; init; } = 1;

    private IReadOnlyList<PriceBookParseResult>? _parsed;

    /// <summary>The proposal builder over the catalogue of <paramref name="today"/>.</summary>
    public ProposalBuilder BuilderFor(DateOnly today) => For(today).Builder;

    /// <summary>The approved price book of <paramref name="product"/> in force on <paramref name="today"/>, or null.</summary>
    public PriceBook? PriceBookFor(string product, DateOnly today) => For(today).Catalog.PriceBookFor(product);

    /// <summary>The tiers the price books effective on <paramref name="today"/> sell.</summary>
    public IReadOnlySet<string> TiersOnSale(DateOnly today) => For(today).Tiers;

    private (ProposalBuilder Builder, IReadOnlySet<string> Tiers, OfferCatalog Catalog) For(DateOnly today)
    {
        if (_days.TryGetValue(today, out var known))
        {
            return known;
        }

        lock (_gate)
        {
            if (_days.TryGetValue(today, out var kept))
            {
                return kept;
            }

            var parsed = _parsed ?? Parse();
            if (DaysKept > 1)
            {
                // Many days at once (the demo history): the folder is read once, each day judges the same files.
                _parsed = parsed;
            }

            var catalog = new OfferCatalog(parsed, today);
            var loaded = (new ProposalBuilder(catalog), (IReadOnlySet<string>)catalog.TiersOnSale(), catalog);
            if (_days.Count >= DaysKept)
            {
                _days.Clear();
            }

            _days[today] = loaded;
            return loaded;
        }
    }

    private List<PriceBookParseResult> Parse()
    {
        var files = PlaybookFiles.Read([options.Value.PlaybooksPath]).Files;
        return [.. files.Where(SourceSet.IsOfferFile).Select(f => PriceBookParser.Parse(f.Text, f.Path))];
    }
}
