using System.Collections.Immutable;
using YamlDotNet.RepresentationModel;

namespace CrmSuite.PlaybookEngine.Offers;

/// <summary>Reads the volume band table and checks that the bands start at 1 seat, do not overlap and leave no gap.</summary>
internal sealed class VolumeBandReader(YamlNodeReader r)
{
    public ImmutableArray<VolumeBand> Read(YamlSequenceNode? list)
    {
        var bands = ImmutableArray.CreateBuilder<VolumeBand>();
        foreach (var item in list?.Children ?? [])
        {
            if (r.Mapping(item, "volume_bands entry") is not { } map)
            {
                continue;
            }

            r.RejectUnknownKeys(map, "a volume band", ["from", "to", "discount"]);
            var from = r.Int(r.Required(map, "from", "a volume band"), "from", 1);
            var toNode = r.Optional(map, "to");
            var to = r.Int(toNode, "to", 1);
            var rate = r.Percent(r.Required(map, "discount", "a volume band"), "discount");
            if (from is null || rate is null || (toNode is not null && to is null))
            {
                continue;
            }

            if (to < from)
            {
                r.Error(toNode!, OfferCodes.VolumeBands, $"volume band ends at {to} seats, before it starts at {from}");
                continue;
            }

            var expected = bands.Count == 0 ? 1 : bands[^1].ToSeats + 1;
            if (bands.Count > 0 && bands[^1].ToSeats is null)
            {
                r.Error(map, OfferCodes.VolumeBands, $"volume band from {from} seats follows an open-ended band ({bands[^1].Label})");
            }
            else if (from != expected)
            {
                var problem = from < expected ? "overlaps the band before it" : "leaves a gap after the band before it";
                r.Error(map, OfferCodes.VolumeBands, $"volume band from {from} seats {problem}; expected it to start at {expected}");
            }

            bands.Add(new VolumeBand(from.Value, to, rate.Value));
        }

        return bands.ToImmutable();
    }
}
