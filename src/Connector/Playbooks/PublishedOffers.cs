using CrmSuite.PlaybookEngine.Offers;
using CrmSuite.PlaybookEngine.Signals;
using Microsoft.Extensions.Options;

namespace CrmSuite.Connector.Playbooks;

/// <summary>
/// The price book and offers published beside the playbooks, as a catalogue judged on one day (governance and validity
/// depend on the date): built once per day, when first asked.
/// </summary>
internal sealed class PublishedOffers(IOptions<PlaybookOptions> options)
{
    private readonly Lock _gate = new();
    private (DateOnly Day, ProposalBuilder Builder, IReadOnlySet<string> Tiers)? _current;

    /// <summary>The proposal builder over the catalogue of <paramref name="today"/>.</summary>
    public ProposalBuilder BuilderFor(DateOnly today) => For(today).Builder;

    /// <summary>The tiers the price books effective on <paramref name="today"/> sell.</summary>
    public IReadOnlySet<string> TiersOnSale(DateOnly today) => For(today).Tiers;

    private (DateOnly Day, ProposalBuilder Builder, IReadOnlySet<string> Tiers) For(DateOnly today)
    {
        lock (_gate)
        {
            if (_current is { } current && current.Day == today)
            {
                return current;
            }

            var (files, _) = PlaybookFiles.Read([options.Value.PlaybooksPath]);
            var sources = SourceSet.Load(files, SignalCatalog.Default, today);
            var tiers = sources.Offers.TiersOnSale();
            var loaded = (today, new ProposalBuilder(sources.Offers), (IReadOnlySet<string>)tiers);
            _current = loaded;
            return loaded;
        }
    }
}
