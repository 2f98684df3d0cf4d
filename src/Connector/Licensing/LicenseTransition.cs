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

    /// <summary>The proposal starts a trial of a higher tier; the license itself is unchanged.</summary>
    TrialStarted,
}

/// <summary>What the transition did; for a refusal, the task that tells the CSM why; for a change, the change made.</summary>
internal sealed record LicenseTransitionResult(LicenseTransitionOutcome Outcome, string Detail, CrmTask? Task, LicenseChange? Change = null);

/// <summary>
/// The automated license transition of an accepted proposal, the one piece every CRM uses: the entitlement check first,
/// then the subscription change as proposed (tier, seats, billing period, term), effective on the day of the acceptance,
/// or for a trial offer the trial of the higher tier starting that day,
/// with the proration lines beside it; for a renewal proposal the renewal date rolls to the next term. Idempotent by the
/// proposal's key. The MRR ledger records the movement when the sync sees the changed license.
/// </summary>
internal sealed class LicenseTransition(ICrmProposals proposals, ICrmAccounts accounts, ICrmLicenses licenses, PublishedOffers offers)
{
    public async Task<LicenseTransitionResult> ApplyAsync(ProposalEvent accepted, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var decision = await DecideAsync(accepted, at, cancellationToken);
        if (decision.Change is not { } change)
        {
            return decision;
        }

        if (!await licenses.ApplyLicenseChangeAsync(change, cancellationToken))
        {
            return new LicenseTransitionResult(LicenseTransitionOutcome.AlreadyChanged, "the license was changed by an earlier delivery of this acceptance", null);
        }

        return decision;
    }

    /// <summary>
    /// What <see cref="ApplyAsync"/> would do, reading only: already changed, refused (with the CSM's task) or the change
    /// to write. <c>sync --dry-run</c> shows this.
    /// </summary>
    public async Task<LicenseTransitionResult> DecideAsync(ProposalEvent accepted, DateTimeOffset at, CancellationToken cancellationToken)
    {
        // A re-delivered acceptance is recognised before any check: the license as it is now is the change's own result.
        if (await licenses.WasAppliedAsync(accepted.ProposalKey, cancellationToken))
        {
            return new LicenseTransitionResult(LicenseTransitionOutcome.AlreadyChanged, "the license was changed by an earlier delivery of this acceptance", null);
        }

        var proposal = await proposals.ReadProposalAsync(accepted.ProposalKey, cancellationToken);
        if (proposal is null)
        {
            return new LicenseTransitionResult(LicenseTransitionOutcome.Refused, "the proposal is no longer in the CRM", null);
        }

        var effective = DateOnly.FromDateTime(accepted.CreatedAt.UtcDateTime);
        if (proposal.Terms is not { } terms)
        {
            const string unpriced = "the proposal could not be priced when it was issued (no terms: e.g. a currency the price book does not sell); price it by hand";
            return new LicenseTransitionResult(LicenseTransitionOutcome.Refused, unpriced, RefusalTask(accepted, proposal, unpriced, at));
        }

        var records = await accounts.ReadAccountsAsync([accepted.AccountId], cancellationToken);
        var current = records.Count == 0 ? null : records[0].Subscriptions.FirstOrDefault(s => s.Id == terms.SubscriptionId);
        var plan = Plan(accepted.ProposalKey, accepted.AccountId, current, terms, effective, offers.TiersOnSale(DateOnly.FromDateTime(at.UtcDateTime)), at);
        return plan.Change is null
            ? new LicenseTransitionResult(LicenseTransitionOutcome.Refused, plan.Detail, RefusalTask(accepted, proposal, plan.Detail, at))
            : plan;
    }

    /// <summary>
    /// The transition's decision, without touching the CRM: the entitlement check, then the subscription after the change,
    /// effective on <paramref name="effective"/>. A refusal carries no change and says why. The demo history applies
    /// acceptances through this same step.
    /// </summary>
    public static LicenseTransitionResult Plan(
        string proposalKey, string accountId, Subscription? current, ProposalTerms terms, DateOnly effective, IReadOnlySet<string> tiersOnSale, DateTimeOffset at)
    {
        var problems = EntitlementCheck.Problems(current, terms, tiersOnSale);
        if (problems.Count > 0)
        {
            return new LicenseTransitionResult(LicenseTransitionOutcome.Refused, string.Join("; ", problems), null);
        }

        var after = terms.TrialDays > 0 ? current! with { TrialTier = terms.ToTier, TrialEnd = effective.AddDays(terms.TrialDays) } : current! with
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
        var change = new LicenseChange(proposalKey, accountId, current, after, effective, terms.ProrationLines, at);
        return terms.TrialDays > 0
            ? new LicenseTransitionResult(LicenseTransitionOutcome.TrialStarted, $"trial of {after.TrialTier} until {after.TrialEnd:yyyy-MM-dd}", null, change)
            : new LicenseTransitionResult(LicenseTransitionOutcome.Changed,
                $"{current.Tier} x{current.Seats} -> {after.Tier} x{after.Seats}, MRR {current.Mrr} -> {after.Mrr} {after.Currency}", null, change);
    }

    /// <summary>The task a refused transition opens; it belongs to the license process, so no playbook transition supersedes it.</summary>
    public const string TaskPlaybookId = "license-transition";

    private static CrmTask RefusalTask(ProposalEvent accepted, CrmProposalRecord proposal, string why, DateTimeOffset at) =>
        RefusalTask(accepted.ProposalKey, accepted.AccountId, proposal.State, why, at);

    /// <summary>The CSM's task saying why the accepted proposal <paramref name="proposalKey"/> did not change the license.</summary>
    public static CrmTask RefusalTask(string proposalKey, string accountId, string state, string why, DateTimeOffset at) =>
        new($"{proposalKey}_entitlement", accountId, TaskPlaybookId, 0,
            new Reason(state, state, "proposal accepted; license change refused by the entitlement check", []),
            state, $"Upgrade accepted but not applied: {why}. The proposal is open again; record the answer once this is fixed.",
            DateOnly.FromDateTime(at.UtcDateTime), "csm", TaskPriority.High, ["done"], at);
}
