using System.Collections.Frozen;
using System.Collections.Immutable;
using CrmSuite.PlaybookEngine.Signals;
using YamlDotNet.RepresentationModel;

namespace CrmSuite.PlaybookEngine.Offers;

/// <summary>Reads the price book's <c>roi</c> section: working weeks per year and hourly cost by segment and currency.</summary>
internal sealed class RoiDefaultsReader(YamlNodeReader r, PriceBookReader books)
{
    /// <summary>Used when a price book has no <c>roi</c> section: 46 weeks (52 less holidays and leave), no hourly defaults.</summary>
    public const decimal DefaultWorkingWeeks = 46m;

    public RoiDefaults Read(YamlMappingNode? map, ImmutableArray<string> currencies)
    {
        var empty = FrozenDictionary<string, FrozenDictionary<string, decimal>>.Empty;
        if (map is null)
        {
            return new RoiDefaults(DefaultWorkingWeeks, empty);
        }

        r.RejectUnknownKeys(map, "roi", ["working_weeks_per_year", "hourly_cost"]);
        var weeks = r.Decimal(r.Optional(map, "working_weeks_per_year"), "working_weeks_per_year", AmountLimits.WeeksPerYear) ?? DefaultWorkingWeeks;
        var costs = new Dictionary<string, FrozenDictionary<string, decimal>>(StringComparer.Ordinal);
        if (r.Mapping(r.Optional(map, "hourly_cost"), "hourly_cost") is { } bySegment)
        {
            foreach (var (key, value) in bySegment.Children)
            {
                var segment = YamlNodeReader.Raw(key);
                if (!SignalCatalog.Segments.Contains(segment))
                {
                    r.Error(key, OfferCodes.UnknownKey, $"unknown segment `{segment}`{Diagnostics.NameSuggester.Hint(segment, SignalCatalog.Segments)}; expected one of {string.Join(", ", SignalCatalog.Segments)}");
                    continue;
                }

                costs[segment] = books.ReadPrices(value, $"hourly_cost {segment}", currencies);
            }
        }

        return new RoiDefaults(weeks, costs.ToFrozenDictionary(StringComparer.Ordinal));
    }
}
