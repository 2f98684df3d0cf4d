using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;
using CrmSuite.Connector.Accounts;
using CrmSuite.Connector.Crm;
using CrmSuite.Connector.Licensing;
using CrmSuite.Connector.Store;
using CrmSuite.PlaybookEngine.Runtime;
using CrmSuite.PlaybookEngine.Templates;

namespace CrmSuite.Connector.Sync;

/// <summary>
/// One page read from the CRM, with the state stored for its accounts, turned into the page's commit: prepare each account,
/// evaluate its playbooks, collect the instances, audit entries, CRM writes, quarantine and ledger. The sync and its dry
/// run both go through here, so a dry run shows exactly what the sync would store and write.
/// </summary>
internal sealed class PageEvaluation(IAccountEvaluator evaluator, ProposalDrafting drafting, TimeProvider time, IOptions<SyncOptions> options)
{
    private readonly TimeZoneInfo _timeZone = options.Value.ResolveTimeZone();

    /// <summary>The ids whose state a page needs: its accounts (deleted ones too) and their licenses.</summary>
    public static void CollectIds(CrmPage crmPage, List<string> accountIds, List<string> subscriptionIds)
    {
        accountIds.Clear();
        subscriptionIds.Clear();
        foreach (var record in crmPage.Accounts)
        {
            accountIds.Add(record.Account.Id);
            foreach (var s in record.Subscriptions)
            {
                subscriptionIds.Add(s.Id);
            }
        }

        accountIds.AddRange(crmPage.DeletedAccountIds);
    }

    // A loop run once per page: compiled fully optimized at once rather than left to tiering (few calls, long loops).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public PageCommit Evaluate(CrmPage crmPage, PageState state, PageBuilder page, long syncId, string triggeredBy, CancellationToken cancellationToken) =>
        Evaluate(crmPage, state, page, syncId, triggeredBy, Watermarks.Accounts, cancellationToken);

    /// <param name="watermarkSource">Where the page's position is kept: the partition's own, on a cluster.</param>
    public PageCommit Evaluate(
        CrmPage crmPage, PageState state, PageBuilder page, long syncId, string triggeredBy, string watermarkSource, CancellationToken cancellationToken)
    {
        page.Clear();
        var now = time.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        foreach (var record in crmPage.Accounts)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var accountId = record.Account.Id;
            page.Seen(accountId);
            if (!AccountPreparation.TryPrepare(record, now, _timeZone, page.Quarantined, out var context))
            {
                continue;
            }

            AccountEvaluation evaluation;
            try
            {
                evaluation = evaluator.Evaluate(state.InstancesOf(accountId), in context);
            }
            catch (TemplateLimitExceededException ex)
            {
                // One playbook text that exceeds its limits for this account's values fails this account alone; its state is
                // left as it was, and the quarantine entry is logged and counted with the sync.
                page.Quarantined.Add(new QuarantineEntry(accountId, record.Account.Id, "playbook template", ex.Message));
                continue;
            }

            page.Evaluated(evaluation, now, triggeredBy, drafting, record, in context);
            MrrTracker.Observe(record.Subscriptions, state.Snapshots, today, page.Snapshots, page.Movements);
        }

        foreach (var deleted in crmPage.DeletedAccountIds)
        {
            page.Deleted(deleted, state.InstancesOf(deleted), now, triggeredBy);
        }

        return page.Build(syncId, now, watermarkSource, crmPage.Watermark);
    }
}
