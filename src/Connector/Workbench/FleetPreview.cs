using Microsoft.Extensions.Options;
using CrmSuite.Connector.Accounts;
using CrmSuite.Connector.Crm;
using CrmSuite.Connector.Store;
using CrmSuite.Connector.Sync;
using CrmSuite.PlaybookEngine.Runtime;
using CrmSuite.PlaybookEngine.Templates;

namespace CrmSuite.Connector.Workbench;

/// <summary>One account of a preview's sample: who it is and, per playbook it matches, its state and the facts that matched.</summary>
internal sealed record PreviewSample(string AccountId, string Name, string Segment, string Csm, IReadOnlyList<PreviewMatch> Matches);

/// <summary>One playbook an account matches: the state it would be in after the next sync, and why (the readings of what fired, or its <c>applies_to</c> facts).</summary>
internal sealed record PreviewMatch(string PlaybookId, string State, IReadOnlyList<string> Facts);

/// <summary>Counts of one playbook's matching accounts.</summary>
internal sealed class PlaybookPreview(string id, int version)
{
    public string Id { get; } = id;

    public int Version { get; } = version;

    public long Accounts { get; set; }

    public SortedDictionary<string, long> ByState { get; } = new(StringComparer.Ordinal);

    public SortedDictionary<string, long> BySegment { get; } = new(StringComparer.Ordinal);

    public SortedDictionary<string, long> ByCsm { get; } = new(StringComparer.Ordinal);

    /// <summary>Tasks that would open, by state and subject template's state: "State: n".</summary>
    public SortedDictionary<string, long> Tasks { get; } = new(StringComparer.Ordinal);

    public SortedDictionary<string, long> Proposals { get; } = new(StringComparer.Ordinal);

    public SortedDictionary<string, long> Suppressed { get; } = new(StringComparer.Ordinal);

    public long Unplaced { get; set; }
}

/// <summary>What a preview found over the whole book of accounts.</summary>
internal sealed record PreviewReport(
    DateOnly On,
    long Accounts,
    long Quarantined,
    bool StateStoreExists,
    string StateStore,
    IReadOnlyList<PlaybookPreview> Playbooks,
    IReadOnlyList<PreviewSample> Sample);

/// <summary>
/// <c>crmsuite preview</c>: every account of the connected CRM, read through the CRM port page by page, prepared and
/// evaluated by the given playbooks as the next sync would on that day, with the instances the state store holds (read
/// only); counted, never committed. Nothing is written to the CRM, the state store or anywhere else.
/// </summary>
internal sealed class FleetPreview(ICrmAccounts crm, IStateSnapshot store, IOptions<SyncOptions> options, TimeProvider time)
{
    private readonly TimeZoneInfo _timeZone = options.Value.ResolveTimeZone();

    /// <summary>The moment a preview evaluates at: now, or noon of <paramref name="on"/> in the connector's time zone.</summary>
    public DateTimeOffset MomentOf(DateOnly? on)
    {
        if (on is not { } day)
        {
            return time.GetUtcNow();
        }

        var noon = day.ToDateTime(new TimeOnly(12, 0), DateTimeKind.Unspecified);
        return new DateTimeOffset(noon, _timeZone.GetUtcOffset(noon));
    }

    public async Task<PreviewReport> RunAsync(PlaybookRuntime runtime, DateOnly? on, int sampleSize, CancellationToken cancellationToken)
    {
        var now = MomentOf(on);
        var previews = runtime.Playbooks.Select(p => new PlaybookPreview(p.Id, p.Version)).ToArray();
        var sample = new List<PreviewSample>(sampleSize);
        var fallback = new List<PreviewSample>(sampleSize);
        var state = new PageState();
        var ids = new List<string>(options.Value.PageSize);
        var subscriptions = new List<string>(options.Value.PageSize);
        var problems = new List<QuarantineEntry>();
        long accounts = 0, quarantined = 0;
        await foreach (var page in crm.ReadChangedAccountsAsync(null, options.Value.PageSize, cancellationToken))
        {
            PageEvaluation.CollectIds(page, ids, subscriptions);
            await store.LoadPageStateAsync(ids, subscriptions, state, cancellationToken);
            foreach (var record in page.Accounts)
            {
                cancellationToken.ThrowIfCancellationRequested();
                accounts++;
                problems.Clear();
                if (!AccountPreparation.TryPrepare(record, now, _timeZone, problems, out var context))
                {
                    quarantined++;
                    continue;
                }

                var stored = state.InstancesOf(record.Account.Id);
                AccountEvaluation evaluation;
                try
                {
                    evaluation = runtime.EvaluateAccount(stored, in context);
                }
                catch (TemplateLimitExceededException)
                {
                    quarantined++;
                    continue;
                }

                var matches = Count(runtime, previews, record, stored, evaluation, in context, sample.Count < sampleSize || fallback.Count < sampleSize);
                if (matches is { Count: > 0 })
                {
                    var entry = new PreviewSample(record.Account.Id, record.Account.Name, record.Account.Segment, record.Account.CsmId ?? "(none)", matches);
                    // Accounts where something fires come first in the sample; the others fill it up.
                    var list = evaluation.Effects.Any(e => e is TransitionEffect) ? sample : fallback;
                    if (list.Count < sampleSize)
                    {
                        list.Add(entry);
                    }
                }
            }
        }

        sample.AddRange(fallback.Take(Math.Max(0, sampleSize - sample.Count)));
        return new PreviewReport(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, _timeZone).DateTime), accounts, quarantined, store.Exists, store.Location,
            previews, [.. sample.Take(sampleSize)]);
    }

    private static List<PreviewMatch>? Count(
        PlaybookRuntime runtime, PlaybookPreview[] previews, CrmAccountRecord record, IReadOnlyList<PlaybookInstance> stored, AccountEvaluation evaluation,
        in EvaluationContext context, bool describe)
    {
        List<PreviewMatch>? matches = null;
        for (var p = 0; p < previews.Length; p++)
        {
            var playbook = runtime.Playbooks[p];
            var preview = previews[p];
            foreach (var effect in evaluation.Effects)
            {
                if (effect.PlaybookId != playbook.Id)
                {
                    continue;
                }

                switch (effect)
                {
                    case TaskEffect t:
                        Add(preview.Tasks, $"{t.State}: {t.OwnerRole}, {t.Priority.ToString().ToLowerInvariant()}");
                        break;
                    case ProposalEffect o:
                        Add(preview.Proposals, $"{o.State}: {o.OfferId}");
                        break;
                    case SuppressedEffect s:
                        Add(preview.Suppressed, $"{s.To}: {s.Guardrail.Kind.ToString().ToLowerInvariant()}");
                        break;
                    case UnplacedEffect:
                        preview.Unplaced++;
                        break;
                }
            }

            var instance = Find(evaluation.Changed, playbook.Id) ?? Find(stored, playbook.Id);
            if (instance is null || instance.Version != playbook.Version
                || (instance.State == playbook.Definition.Start && !playbook.Admits(in context)))
            {
                continue;
            }

            preview.Accounts++;
            Add(preview.ByState, instance.State);
            Add(preview.BySegment, record.Account.Segment);
            Add(preview.ByCsm, record.Account.CsmId ?? "(none)");
            if (describe)
            {
                (matches ??= []).Add(new PreviewMatch(playbook.Id, instance.State, Facts(playbook, record, evaluation)));
            }
        }

        return matches;
    }

    // The readings of what fired for this playbook; when nothing fired, the account facts its applies_to filters on.
    private static List<string> Facts(CompiledPlaybook playbook, CrmAccountRecord record, AccountEvaluation evaluation)
    {
        var fired = evaluation.Effects.OfType<TransitionEffect>().Where(t => t.PlaybookId == playbook.Id)
            .Select(t => $"{t.Reason.From} -> {t.Reason.To} because {t.Reason}").ToList();
        if (fired.Count > 0)
        {
            return fired;
        }

        var filters = playbook.Definition.AppliesTo.Filters.Where(f => !f.Value.IsEmpty).Select(f => f.Key).ToHashSet(StringComparer.Ordinal);
        var facts = new List<string>();
        if (filters.Contains("segment"))
        {
            facts.Add($"segment = {record.Account.Segment}");
        }

        if (filters.Contains("industry"))
        {
            facts.Add($"industry = {record.Account.Industry}");
        }

        if (filters.Contains("lifecycle_stage"))
        {
            facts.Add($"lifecycle_stage = {record.Account.LifecycleStage}");
        }

        if (filters.Contains("tier") && record.Subscriptions.FirstOrDefault() is { } subscription)
        {
            facts.Add($"tier = {subscription.Tier.ToString().ToLowerInvariant()}");
        }

        if (facts.Count == 0)
        {
            facts.Add(filters.Count == 0 ? "applies to every account" : "in the play");
        }

        return facts;
    }

    private static PlaybookInstance? Find(IReadOnlyList<PlaybookInstance> instances, string playbookId)
    {
        foreach (var instance in instances)
        {
            if (instance.PlaybookId == playbookId)
            {
                return instance;
            }
        }

        return null;
    }

    private static void Add(SortedDictionary<string, long> counts, string key) => counts[key] = counts.GetValueOrDefault(key) + 1;
}
