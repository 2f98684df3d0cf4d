using System.Collections.Immutable;
using CrmSuite.PlaybookEngine.Diagnostics;
using CrmSuite.PlaybookEngine.Text;

namespace CrmSuite.PlaybookEngine.Offers;

/// <summary>
/// The price books and offers known on one day. Answers which offers may be issued (approved, effective, with an
/// approved effective price book), checks playbook references to offer ids, and reports cross-file problems
/// (an offer whose trial tier or product no price book knows, an add-on without a price in a book currency).
/// </summary>
public sealed class OfferCatalog
{
    private readonly Dictionary<string, Offer> _offers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PriceBook> _books = new(StringComparer.Ordinal);
    private readonly DiagnosticBag _diagnostics = new();

    /// <summary>Builds the catalogue from parsed files; files with errors contribute nothing but their diagnostics.</summary>
    public OfferCatalog(IEnumerable<PriceBookParseResult> files, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(files);
        Today = today;
        var all = files.ToList();
        foreach (var file in all)
        {
            _diagnostics.AddRange(file.Diagnostics);
        }

        var books = all.Select(f => f.PriceBook).OfType<PriceBook>().ToImmutableArray();
        AllPriceBooks = books;
        foreach (var book in books.Where(b => b.IsOfferable(today)).OrderByDescending(b => b.Version))
        {
            if (_books.TryGetValue(book.Product, out var chosen) && chosen.Version == book.Version)
            {
                Error(book.Position, OfferCodes.DuplicateName, $"two approved price books for `{book.Product}` have version {book.Version}");
            }

            _books.TryAdd(book.Product, book);
        }

        // A broken price book would make every offer "unpriced"; its own errors say enough until it is fixed.
        var booksBroken = all.Any(f => f.Kind == PriceBookParser.PriceBookKind && f.PriceBook is null);
        foreach (var offer in all.SelectMany(f => f.Offers))
        {
            if (!_offers.TryAdd(offer.Id, offer))
            {
                Error(offer.Position, OfferCodes.DuplicateName, $"offer `{offer.Id}` is also declared at {_offers[offer.Id].Position}");
                continue;
            }

            if (!booksBroken)
            {
                CheckAgainstBooks(offer, books);
            }
        }

        Offers = [.. _offers.Values.OrderBy(o => o.Id, StringComparer.Ordinal)];
    }

    /// <summary>The day the catalogue answers for.</summary>
    internal DateOnly Today { get; }

    /// <summary>Every offer declared, whatever its status.</summary>
    internal ImmutableArray<Offer> Offers { get; }

    /// <summary>Every price book parsed without errors, whatever its status.</summary>
    internal ImmutableArray<PriceBook> AllPriceBooks { get; }

    /// <summary>Every diagnostic of the files plus the catalogue's own cross-file checks, in file order.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics => _diagnostics.Sorted();

    /// <summary>True when any file or cross-file check has an error.</summary>
    public bool HasErrors => _diagnostics.HasErrors;

    /// <summary>The approved price book effective today for <paramref name="product"/> (the highest version), or null.</summary>
    public PriceBook? PriceBookFor(string product) => _books.GetValueOrDefault(product);

    /// <summary>The names of the tiers the price books in force on the catalogue's day sell, for every product.</summary>
    public IReadOnlySet<string> TiersOnSale() =>
        _books.Values.SelectMany(b => b.Tiers).Select(t => t.Name).ToHashSet(StringComparer.Ordinal);

    /// <summary>The offer declared with <paramref name="id"/>, whatever its status, or null.</summary>
    internal Offer? Find(string id) => _offers.GetValueOrDefault(id);

    /// <summary>Checks a playbook's reference to an offer id, for the playbook validator to report at the reference.</summary>
    public OfferReference Check(string offerId)
    {
        ArgumentNullException.ThrowIfNull(offerId);
        if (!_offers.TryGetValue(offerId, out var offer))
        {
            var suggestion = NameSuggester.Closest(offerId, _offers.Keys);
            var hint = suggestion is null ? "" : $" (did you mean `{suggestion}`?)";
            return new OfferReference(offerId, OfferReferenceStatus.Unknown, null, suggestion, $"unknown offer `{offerId}`{hint}");
        }

        var (status, message) = offer switch
        {
            { Status: PublicationStatus.Draft } => (OfferReferenceStatus.Draft, $"offer `{offerId}` is a draft; only approved offers may be issued"),
            { Status: PublicationStatus.Retired } => (OfferReferenceStatus.Retired, $"offer `{offerId}` is retired; reference its replacement"),
            _ when offer.Effective.StartsAfter(Today) => (OfferReferenceStatus.NotYetEffective, $"offer `{offerId}` is not effective until {offer.Effective.From:yyyy-MM-dd}"),
            _ when offer.Effective.EndedBefore(Today) => (OfferReferenceStatus.Expired, $"offer `{offerId}` expired on {offer.Effective.To:yyyy-MM-dd}"),
            _ when PriceBookFor(offer.Product) is null => (OfferReferenceStatus.NoPriceBook, $"offer `{offerId}` has no approved price book for `{offer.Product}` effective {Today:yyyy-MM-dd}"),
            _ => (OfferReferenceStatus.Ok, ""),
        };
        return new OfferReference(offerId, status, offer, null, message);
    }

    /// <summary>The offer with <paramref name="id"/> if it may be issued today, else null.</summary>
    internal Offer? FindOfferable(string id) => Check(id) is { IsOk: true, Offer: { } offer } ? offer : null;

    /// <summary>The first offer (by id) of <paramref name="kind"/> that may be issued today, optionally for a trial tier.</summary>
    internal Offer? FirstOfferable(OfferKind kind, string? targetTier = null) =>
        Offers.FirstOrDefault(o => o.Kind == kind
            && (targetTier is null || string.Equals(o.TargetTier, targetTier, StringComparison.OrdinalIgnoreCase))
            && Check(o.Id).IsOk);

    private void CheckAgainstBooks(Offer offer, ImmutableArray<PriceBook> books)
    {
        var forProduct = books.Where(b => b.Product == offer.Product).ToList();
        if (forProduct.Count == 0)
        {
            var hint = NameSuggester.Hint(offer.Product, books.Select(b => b.Product).Distinct());
            Error(offer.Position, OfferCodes.UnknownProduct, $"offer `{offer.Id}`: no price book for product `{offer.Product}`{hint}");
            return;
        }

        var book = forProduct.OrderByDescending(b => b.IsOfferable(Today)).ThenByDescending(b => b.Version).First();
        if (offer.TargetTier is { } tier && book.FindTier(tier) is null)
        {
            Error(offer.Position, OfferCodes.UnknownTier,
                $"offer `{offer.Id}`: unknown tier `{tier}`{NameSuggester.Hint(tier, book.Tiers.Select(t => t.Name))}");
        }

        if (offer.Kind == OfferKind.AddOn)
        {
            foreach (var currency in book.Currencies.Where(c => !offer.AddOnPrices.ContainsKey(c)))
            {
                Error(offer.Position, OfferCodes.MissingPrice, $"offer `{offer.Id}`: no add_on_price in {currency}, a currency of price book v{book.Version}");
            }
        }
    }

    private void Error(SourcePosition at, string code, string message) => _diagnostics.Error(at, code, message);
}
