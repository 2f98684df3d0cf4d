using System.Collections.Frozen;
using System.Collections.Immutable;
using YamlDotNet.RepresentationModel;

namespace CrmSuite.PlaybookEngine.Offers;

/// <summary>Reads the front matter of a <c>kind: pricebook</c> file into a <see cref="PriceBook"/>, reporting every problem.</summary>
internal sealed class PriceBookReader(YamlNodeReader r)
{
    // Codes written in `currencies`, valid or not, so a misspelt code is reported once, not again at every price.
    private readonly HashSet<string> _declared = new(StringComparer.Ordinal);

    internal static readonly (string, PublicationStatus)[] Statuses =
        [("draft", PublicationStatus.Draft), ("approved", PublicationStatus.Approved), ("retired", PublicationStatus.Retired)];

    private static readonly string[] RootKeys =
        ["kind", "product", "version", "status", "effective_from", "effective_to", "currencies", "minimum_seats",
         "annual_discount", "term_discounts", "volume_bands", "loyalty", "deal_desk", "roi", "tiers"];

    private static readonly string[] TierKeys = ["name", "title", "list_price", "minimum_seats", "limits", "features", "value_drivers"];
    private static readonly string[] LimitKeys = ["seats", "api_calls_per_month", "integrations", "support"];
    private static readonly string[] DriverKeys = ["name", "hours_per_user_per_week", "description"];

    public PriceBook? Read(YamlMappingNode root)
    {
        r.RejectUnknownKeys(root, "the price book", RootKeys);
        var product = r.Text(r.Required(root, "product", "the price book"), "product");
        var version = r.Int(r.Required(root, "version", "the price book"), "version", 1);
        var status = r.Enum(r.Required(root, "status", "the price book"), "status", Statuses);
        var effective = ReadEffective(root, "the price book");
        var currencies = ReadCurrencies(root);
        var minimumSeats = r.Int(r.Optional(root, "minimum_seats"), "minimum_seats", 0) ?? 1;
        var annual = r.Percent(r.Required(root, "annual_discount", "the price book"), "annual_discount");
        var terms = ReadTerms(r.Sequence(r.Optional(root, "term_discounts"), "term_discounts"));
        var bands = new VolumeBandReader(r).Read(r.Sequence(r.Optional(root, "volume_bands"), "volume_bands"));
        var loyalty = ReadLoyalty(r.Mapping(r.Optional(root, "loyalty"), "loyalty"));
        var dealDesk = r.Mapping(r.Optional(root, "deal_desk"), "deal_desk");
        var roi = new RoiDefaultsReader(r, this).Read(r.Mapping(r.Optional(root, "roi"), "roi"), currencies);
        var tiers = ReadTiers(r.Sequence(r.Required(root, "tiers", "the price book"), "tiers"), currencies, minimumSeats);

        if (r.Diagnostics.HasErrors || product is null || version is null || status is null || effective is null || annual is null)
        {
            return null;
        }

        var rules = new DiscountRules(annual.Value, terms, bands, loyalty);
        rules = rules with { HardCeiling = ReadHardCeiling(dealDesk, rules) };
        if (r.Diagnostics.HasErrors)
        {
            return null;
        }

        return new PriceBook(product, version.Value, status.Value, effective.Value, currencies, minimumSeats, tiers, rules, roi, r.At(root));
    }

    // The ceiling must leave room for every discount the published rules give, or a quote the engine itself builds would be refused.
    private decimal? ReadHardCeiling(YamlMappingNode? map, DiscountRules rules)
    {
        if (map is null)
        {
            return null;
        }

        r.RejectUnknownKeys(map, "deal_desk", ["hard_ceiling"]);
        var node = r.Required(map, "hard_ceiling", "deal_desk");
        var ceiling = r.Percent(node, "hard_ceiling");
        var largest = rules.LargestCombinedRate();
        if (ceiling is { } value && node is not null && value < largest)
        {
            r.Error(node, OfferCodes.BadValue,
                $"deal_desk hard_ceiling {value:0.##%} is below the {largest:0.##%} the published discounts give together (best volume band, annual billing, longest term, loyalty); raise it to at least that");
            return null;
        }

        return ceiling;
    }

    internal EffectivePeriod? ReadEffective(YamlMappingNode map, string where)
    {
        var from = r.Date(r.Required(map, "effective_from", where), "effective_from");
        var toNode = r.Optional(map, "effective_to");
        var to = r.Date(toNode, "effective_to");
        if (from is { } f && to is { } t && t < f)
        {
            r.Error(toNode!, Offers.OfferCodes.EffectiveDates, $"effective_to {t:yyyy-MM-dd} is before effective_from {f:yyyy-MM-dd}");
        }

        return from is { } start ? new EffectivePeriod(start, to) : null;
    }

    internal FrozenDictionary<string, decimal> ReadPrices(YamlNode? node, string what, ImmutableArray<string> currencies)
    {
        var map = r.Mapping(node, what);
        var prices = new Dictionary<string, decimal>(StringComparer.Ordinal);
        if (map is null)
        {
            return prices.ToFrozenDictionary(StringComparer.Ordinal);
        }

        foreach (var (key, value) in map.Children)
        {
            var code = YamlNodeReader.Raw(key);
            if (!currencies.Contains(code))
            {
                if (_declared.Contains(code))
                {
                    continue;
                }

                r.Error(key, OfferCodes.BadCurrency, $"{what}: currency `{code}` is not in the price book's currencies ({string.Join(", ", currencies)})");
                continue;
            }

            if (r.Decimal(value, $"{what} {code}", AmountLimits.Price) is { } amount)
            {
                if (amount != Money.Round(amount, code))
                {
                    r.Error(value, OfferCodes.BadValue, $"{what} {code}: {amount} has more decimals than {code}'s {Currencies.MinorUnits(code)} minor units");
                }

                prices[code] = amount;
            }
        }

        foreach (var code in currencies.Where(c => !prices.ContainsKey(c) && !map.Children.ContainsKey(new YamlScalarNode(c))))
        {
            r.Error(map, OfferCodes.MissingPrice, $"{what}: no price in {code}; every currency of the price book needs one");
        }

        return prices.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private ImmutableArray<string> ReadCurrencies(YamlMappingNode root)
    {
        var list = r.Sequence(r.Required(root, "currencies", "the price book"), "currencies");
        var codes = ImmutableArray.CreateBuilder<string>();
        foreach (var item in list?.Children ?? [])
        {
            var code = r.Text(item, "currency");
            if (code is null)
            {
                continue;
            }

            _declared.Add(code);

            if (!Currencies.IsKnown(code))
            {
                var suggestion = Diagnostics.NameSuggester.Closest(code, Currencies.Codes);
                if (suggestion is not null)
                {
                    // Prices in the code the author meant are not errors of their own.
                    _declared.Add(suggestion);
                }

                r.Error(item, OfferCodes.BadCurrency, $"unknown currency `{code}`{(suggestion is null ? "" : $" (did you mean `{suggestion}`?)")}; expected an ISO 4217 code");
            }
            else if (codes.Contains(code))
            {
                r.Error(item, OfferCodes.DuplicateName, $"currency `{code}` is listed twice");
            }
            else
            {
                codes.Add(code);
            }
        }

        return codes.ToImmutable();
    }

    private ImmutableArray<TermDiscount> ReadTerms(YamlSequenceNode? list)
    {
        var terms = ImmutableArray.CreateBuilder<TermDiscount>();
        foreach (var item in list?.Children ?? [])
        {
            if (r.Mapping(item, "term_discounts entry") is not { } map)
            {
                continue;
            }

            r.RejectUnknownKeys(map, "a term discount", ["years", "discount"]);
            var years = r.Int(r.Required(map, "years", "a term discount"), "years", 1, AmountLimits.TermYears);
            var rate = r.Percent(r.Required(map, "discount", "a term discount"), "discount");
            if (years is null || rate is null)
            {
                continue;
            }

            if (terms.Count > 0 && years <= terms[^1].Years)
            {
                r.Error(map, OfferCodes.TermTable, $"term discounts must be listed by increasing years; {years} follows {terms[^1].Years}");
            }
            else if (terms.Count > 0 && rate < terms[^1].Rate)
            {
                r.Error(map, OfferCodes.TermTable, $"a {years}-year term must not earn less than a {terms[^1].Years}-year term ({rate:0.0%} < {terms[^1].Rate:0.0%})");
            }

            terms.Add(new TermDiscount(years.Value, rate.Value));
        }

        return terms.ToImmutable();
    }

    private LoyaltyIncentive? ReadLoyalty(YamlMappingNode? map)
    {
        if (map is null)
        {
            return null;
        }

        r.RejectUnknownKeys(map, "loyalty", ["min_term_years", "min_tenure_months", "discount"]);
        var years = r.Int(r.Required(map, "min_term_years", "loyalty"), "min_term_years", 2, AmountLimits.TermYears);
        var tenure = r.Int(r.Optional(map, "min_tenure_months"), "min_tenure_months", 0) ?? 0;
        var rate = r.Percent(r.Required(map, "discount", "loyalty"), "discount");
        return years is null || rate is null ? null : new LoyaltyIncentive(years.Value, tenure, rate.Value);
    }

    private ImmutableArray<Tier> ReadTiers(YamlSequenceNode? list, ImmutableArray<string> currencies, int bookMinimum)
    {
        var tiers = ImmutableArray.CreateBuilder<Tier>();
        foreach (var item in list?.Children ?? [])
        {
            if (r.Mapping(item, "tiers entry") is not { } map)
            {
                continue;
            }

            r.RejectUnknownKeys(map, "a tier", TierKeys);
            var nameNode = r.Required(map, "name", "a tier");
            var name = r.Text(nameNode, "tier name");
            var title = r.Text(r.Optional(map, "title"), "title") ?? name;
            var prices = ReadPrices(r.Required(map, "list_price", $"tier `{name}`"), $"tier `{name}` list_price", currencies);
            var minimum = r.Int(r.Optional(map, "minimum_seats"), "minimum_seats", 0) ?? bookMinimum;
            var limits = ReadLimits(r.Mapping(r.Required(map, "limits", $"tier `{name}`"), "limits"));
            var features = (r.Sequence(r.Optional(map, "features"), "features")?.Children ?? [])
                .Select(f => r.Text(f, "feature")).OfType<string>().ToImmutableArray();
            var drivers = ReadDrivers(r.Sequence(r.Optional(map, "value_drivers"), "value_drivers"));
            if (name is null)
            {
                continue;
            }

            if (!Signals.SignalCatalog.Tiers.Contains(name))
            {
                r.Diagnostics.Warning(r.At(nameNode!), OfferCodes.UnknownTier,
                    $"tier `{name}` is not in the signal catalogue ({string.Join(", ", Signals.SignalCatalog.Tiers)}){Diagnostics.NameSuggester.Hint(name, Signals.SignalCatalog.Tiers)}; playbooks cannot test for it");
            }

            if (tiers.Any(t => t.Name == name))
            {
                r.Error(nameNode!, OfferCodes.DuplicateName, $"tier `{name}` is declared twice");
                continue;
            }

            if (tiers.Count > 0)
            {
                foreach (var (code, price) in prices)
                {
                    if (tiers[^1].ListPrices.TryGetValue(code, out var below) && price < below)
                    {
                        r.Error(map, OfferCodes.AnchorOrder, $"tier `{name}` lists {price} {code}, below `{tiers[^1].Name}` ({below} {code}); tiers are ordered lowest first");
                    }
                }
            }

            tiers.Add(new Tier(name, tiers.Count, title ?? name, limits, features, drivers, prices, minimum));
        }

        return tiers.ToImmutable();
    }

    private TierLimits ReadLimits(YamlMappingNode? map)
    {
        if (map is null)
        {
            return new TierLimits(null, null, null, "standard");
        }

        r.RejectUnknownKeys(map, "limits", LimitKeys);
        return new TierLimits(
            Unlimited(map, "seats") ? null : r.Int(r.Optional(map, "seats"), "seats", 1),
            Unlimited(map, "api_calls_per_month") ? null : r.Int(r.Optional(map, "api_calls_per_month"), "api_calls_per_month", 0),
            Unlimited(map, "integrations") ? null : r.Int(r.Optional(map, "integrations"), "integrations", 0),
            r.Text(r.Required(map, "support", "limits"), "support") ?? "standard");
    }

    private bool Unlimited(YamlMappingNode map, string key) => r.Optional(map, key) is YamlScalarNode { Value: "unlimited" };

    internal ImmutableArray<ValueDriver> ReadDrivers(YamlSequenceNode? list)
    {
        var drivers = ImmutableArray.CreateBuilder<ValueDriver>();
        foreach (var item in list?.Children ?? [])
        {
            if (r.Mapping(item, "value_drivers entry") is not { } map)
            {
                continue;
            }

            r.RejectUnknownKeys(map, "a value driver", DriverKeys);
            var name = r.Text(r.Required(map, "name", "a value driver"), "name");
            var hours = r.Decimal(r.Required(map, "hours_per_user_per_week", "a value driver"), "hours_per_user_per_week", AmountLimits.HoursPerWeek);
            var description = r.Text(r.Optional(map, "description"), "description") ?? "";
            if (name is not null && hours is not null)
            {
                drivers.Add(new ValueDriver(name, hours.Value, description));
            }
        }

        return drivers.ToImmutable();
    }
}
