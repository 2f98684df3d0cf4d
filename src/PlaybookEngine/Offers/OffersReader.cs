using System.Collections.Frozen;
using System.Collections.Immutable;
using CrmSuite.PlaybookEngine.Signals;
using YamlDotNet.RepresentationModel;

namespace CrmSuite.PlaybookEngine.Offers;

/// <summary>Reads the front matter of a <c>kind: offers</c> file into its offers, reporting every problem.</summary>
internal sealed class OffersReader(YamlNodeReader r)
{
    private static readonly (string, OfferKind)[] Kinds =
    [
        ("next_tier", OfferKind.NextTier), ("seat_expansion", OfferKind.SeatExpansion), ("trial", OfferKind.Trial),
        ("renewal_upgrade", OfferKind.RenewalUpgrade), ("add_on", OfferKind.AddOn),
    ];

    private static readonly string[] OfferKeys =
        ["id", "kind", "title", "status", "effective_from", "effective_to", "tier", "trial_days", "seat_headroom",
         "valid_days", "outcomes", "add_on_price", "audience", "value_drivers"];

    public ImmutableArray<Offer> Read(YamlMappingNode root)
    {
        r.RejectUnknownKeys(root, "the offers file", ["kind", "product", "offers"]);
        var product = r.Text(r.Required(root, "product", "the offers file"), "product") ?? "";
        var offers = ImmutableArray.CreateBuilder<Offer>();
        foreach (var item in r.Sequence(r.Required(root, "offers", "the offers file"), "offers")?.Children ?? [])
        {
            if (r.Mapping(item, "offers entry") is { } map && ReadOffer(map, product) is { } offer)
            {
                if (offers.Any(o => o.Id == offer.Id))
                {
                    r.Error(map, OfferCodes.DuplicateName, $"offer `{offer.Id}` is declared twice");
                    continue;
                }

                offers.Add(offer);
            }
        }

        return offers.ToImmutable();
    }

    private Offer? ReadOffer(YamlMappingNode map, string product)
    {
        r.RejectUnknownKeys(map, "an offer", OfferKeys);
        var id = r.Text(r.Required(map, "id", "an offer"), "id");
        var where = id is null ? "an offer" : $"offer `{id}`";
        var kind = r.Enum(r.Required(map, "kind", where), "kind", Kinds);
        var title = r.Text(r.Required(map, "title", where), "title");
        var status = r.Enum(r.Required(map, "status", where), "status", PriceBookReader.Statuses);
        var effective = new PriceBookReader(r).ReadEffective(map, where);
        var tierNode = r.Optional(map, "tier");
        var tier = r.Text(tierNode, "tier");
        var trialDays = r.Int(r.Optional(map, "trial_days"), "trial_days", 1);
        var headroom = r.Percent(r.Optional(map, "seat_headroom"), "seat_headroom") ?? 0m;
        var validDays = r.Int(r.Optional(map, "valid_days"), "valid_days", 1) ?? 30;
        var outcomes = (r.Sequence(r.Optional(map, "outcomes"), "outcomes")?.Children ?? [])
            .Select(o => r.Text(o, "outcome")).OfType<string>().ToImmutableArray();
        var prices = ReadAddOnPrices(r.Optional(map, "add_on_price"));
        var audience = ReadAudience(r.Mapping(r.Optional(map, "audience"), "audience"));
        var drivers = new PriceBookReader(r).ReadDrivers(r.Sequence(r.Optional(map, "value_drivers"), "value_drivers"));

        if (kind == OfferKind.Trial && (tier is null || trialDays is null))
        {
            r.Error(map, OfferCodes.MissingKey, $"{where}: a trial needs `tier` and `trial_days`");
        }

        if (kind == OfferKind.AddOn && (prices.Count == 0 || audience is null))
        {
            r.Error(map, OfferCodes.MissingKey, $"{where}: an add-on needs `add_on_price` and an `audience`");
        }

        if (tier is not null && kind is not OfferKind.Trial)
        {
            r.Error(tierNode!, OfferCodes.UnknownKey, $"{where}: `tier` applies to trials only; {Name(kind)} offers follow the account's current tier");
        }

        if (id is null || kind is null || title is null || status is null || effective is null)
        {
            return null;
        }

        return new Offer(
            id, product, kind.Value, title, status.Value, effective.Value, tier, trialDays ?? 0, headroom, validDays,
            outcomes, prices, audience, drivers, r.At(map));
    }

    private FrozenDictionary<string, decimal> ReadAddOnPrices(YamlNode? node)
    {
        var prices = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var map = r.Mapping(node, "add_on_price");
        if (map is null)
        {
            return prices.ToFrozenDictionary(StringComparer.Ordinal);
        }

        foreach (var (key, value) in map.Children)
        {
            var code = YamlNodeReader.Raw(key);
            if (!Currencies.IsKnown(code))
            {
                r.Error(key, OfferCodes.BadCurrency, $"unknown currency `{code}`{Diagnostics.NameSuggester.Hint(code, Currencies.Codes)}");
            }
            else if (r.Decimal(value, $"add_on_price {code}", AmountLimits.Price) is { } amount)
            {
                prices[code] = amount;
            }
        }

        return prices.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private OfferAudience? ReadAudience(YamlMappingNode? map)
    {
        if (map is null)
        {
            return null;
        }

        r.RejectUnknownKeys(map, "audience", ["industry", "role"]);
        var industryNode = r.Optional(map, "industry");
        var industry = r.Text(industryNode, "industry");
        if (industry is not null && !SignalCatalog.Industries.Contains(industry))
        {
            r.Error(industryNode!, OfferCodes.BadValue, $"unknown industry `{industry}`{Diagnostics.NameSuggester.Hint(industry, SignalCatalog.Industries)}");
        }

        var role = r.Text(r.Optional(map, "role"), "role");
        return new OfferAudience(industry, role);
    }

    private static string Name(OfferKind? kind) => Kinds.FirstOrDefault(k => k.Item2 == kind).Item1 ?? "these";
}
