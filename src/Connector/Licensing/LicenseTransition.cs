using CrmSuite.Connector.Crm;
using CrmSuite.Connector.Playbooks;
using CrmSuite.PlaybookEngine.Accounts;
using CrmSuite.PlaybookEngine.Runtime;

namespace CrmSuite.Connector.Licensing;

/// <summary>What an accepted proposal did to the license.</summary>
internal enum LicenseTransitionOutcome
{
    /// <summary>The license changed now.</summary>
    Changed,

    /// <summary>The proposal's change was applied before (a re-delivered acceptance); nothing changed.</summary>
    AlreadyChanged,

    /// <summary>The entitlement check failed; nothing changed and the CSM gets a task that says why.</summary>
    Refused,

    /// <summary>The proposal changes no license (a trial offer, or issued without terms).</summary>
    NoChange,
}

/// <summary>What the transition did; for a refusal, the task that tells the CSM why.</summary>
internal sealed record LicenseTransitionResult(LicenseTransitionOutcome Outcome, string Detail, CrmTask? Task);

/// <summary>
/// The automated license transition of an accepted proposal, the one piece every CRM uses: the entitlement check first,
/// then the subscription change as proposed (tier, seats, billing period, term), effective on the day of the acceptance,
/// with the proration lines beside it; for a renewal proposal the renewal date rolls to the next term. Idempotent by the
/// proposal's key. The MRR ledger records the movement when the sync sees the changed license.
/// </summary>
internal sealed class LicenseTransition(ICrmProposals proposals, ICrmAccounts accounts, ICrmLicenses licenses, PublishedOffers offers)
{
    public async Task<LicenseTransitionResult> ApplyAsync(ProposalEvent accepted, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var proposal = await proposals.ReadProposalAsync(accepted.ProposalKey, cancellationToken);
        if (proposal?.Terms is not { } terms)
        {
            return new LicenseTransitionResult(LicenseTransitionOutcome.NoChange, "the proposal changes no license", null);
        }

        var records = await accounts.ReadAccountsAsync([accepted.AccountId], cancellationToken);
        var current = records.Count == 0 ? null : records[0].Subscriptions.FirstOrDefault(s => s.Id == terms.SubscriptionId);
        var today = DateOnly.FromDateTime(at.UtcDateTime);
        var problems = EntitlementCheck.Problems(current, terms, offers.TiersOnSale(today));
        if (problems.Count > 0)
        {
            var why = string.Join("; ", problems);
            return new LicenseTransitionResult(LicenseTransitionOutcome.Refused, why, RefusalTask(accepted, proposal, why, at));
        }

        var after = current! with
        {
            Tier = terms.ToTier,
            Seats = terms.ToSeats,
            BillingPeriod = terms.Billing,
            TermMonths = terms.TermMonths,
            Mrr = terms.MrrAfter,
            Status = SubscriptionStatus.Active,
            TrialTier = null,
            TrialEnd = null,
            RenewalDate = terms.RenewsTerm && current.RenewalDate is { } renewal ? renewal.AddMonths(terms.TermMonths) : current.RenewalDate,
        };
        var change = new LicenseChange(accepted.ProposalKey, accepted.AccountId, current, after, today, terms.ProrationLines, at);
        return await licenses.ApplyLicenseChangeAsync(change, cancellationToken)
            ? new LicenseTransitionResult(LicenseTransitionOutcome.Changed,
                $"{current.Tier} x{current.Seats} -> {after.Tier} x{after.Seats}, MRR {current.Mrr} -> {after.Mrr} {after.Currency}", null)
            : new LicenseTransitionResult(LicenseTransitionOutcome.AlreadyChanged, "the license was changed by an earlier delivery of this acceptance", null);
    }

    /// <summary>The task a refused transition opens; it belongs to the license process, so no playbook transition supersedes it.</summary>
    public const string TaskPlaybookId = "license-transition";

    private static CrmTask RefusalTask(ProposalEvent accepted, CrmProposalRecord proposal, string why, DateTimeOffset at) =>
        new($"{accepted.ProposalKey}_entitlement", accepted.AccountId, TaskPlaybookId, 0,
            new Reason(proposal.State, proposal.State, "proposal accepted; license change refused by the entitlement check", []),
            proposal.State, $"Upgrade accepted but not applied: {why}", DateOnly.FromDateTime(at.UtcDateTime), "csm", TaskPriority.High,
            ["resolved"], at);
}
