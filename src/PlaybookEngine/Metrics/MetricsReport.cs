namespace CrmSuite.PlaybookEngine.Metrics;

/// <summary>
/// A metrics report: the period's total, its groups, the NRR cohort table, playbook funnels, CSM task outcomes and
/// post-upgrade adoption. Every amount is in <see cref="Currency"/>; every rate is a fraction (1.05 is 105%), null when
/// its denominator is zero. JSON field names are the snake_case of these names (docs/metrics.md).
/// </summary>
/// <param name="From">The period's first day.</param>
/// <param name="To">The period's last day.</param>
/// <param name="Currency">The currency of every amount.</param>
/// <param name="By">The grouping of <paramref name="Groups"/>.</param>
/// <param name="Conventions">The conventions the figures follow.</param>
/// <param name="Total">The whole period over every account the filter lets in.</param>
/// <param name="Groups">One entry per month, quarter, segment, industry, CSM or playbook; empty for no grouping.</param>
/// <param name="Cohorts">NRR by the month accounts first paid, for the months of the period.</param>
/// <param name="Funnels">One funnel per playbook with transitions in the period.</param>
/// <param name="Tasks">CSM task completion by outcome, one row per CSM with tasks opened in the period.</param>
/// <param name="Adoption">Seat utilization and active users around the period's upgrades.</param>
public sealed record MetricsReport(
    DateOnly From,
    DateOnly To,
    string Currency,
    MetricsGrouping By,
    MetricsConventions Conventions,
    MetricsFigures Total,
    IReadOnlyList<MetricsGroup> Groups,
    IReadOnlyList<CohortRow> Cohorts,
    IReadOnlyList<PlaybookFunnel> Funnels,
    IReadOnlyList<CsmTaskOutcomes> Tasks,
    AdoptionSummary Adoption);

/// <summary>The conventions a report followed, echoed so that a figure is never read without them.</summary>
/// <param name="ChurnAt">When churn counts.</param>
/// <param name="ReactivationWindowDays">How long after churning a return is a reactivation; null for always.</param>
/// <param name="TrialGraceDays">Days after a trial's end in which reaching the tier converts it.</param>
/// <param name="Rates">The conversion rates used (currency → units of the report currency).</param>
public sealed record MetricsConventions(ChurnTiming ChurnAt, int? ReactivationWindowDays, int TrialGraceDays, IReadOnlyDictionary<string, decimal> Rates);

/// <summary>One group of a report.</summary>
/// <param name="Key">The month (<c>2025-03</c>), quarter (<c>2025-Q1</c>), segment, industry, CSM id or playbook id;
/// <c>(none)</c> for accounts without a CSM or playbook.</param>
/// <param name="From">The group's first day (its month or quarter clipped to the period; the period for other groupings).</param>
/// <param name="To">The group's last day.</param>
/// <param name="Figures">The group's figures.</param>
public sealed record MetricsGroup(string Key, DateOnly From, DateOnly To, MetricsFigures Figures);

/// <summary>The figures of a period over a set of accounts.</summary>
/// <param name="AccountsAtStart">Paying accounts the day before the period starts (the cohort of NRR and GRR).</param>
/// <param name="AccountsAtEnd">Paying accounts on the period's last day.</param>
/// <param name="MrrAtStart">Total MRR the day before the period starts.</param>
/// <param name="MrrAtEnd">Total MRR on the period's last day; equals start + new + expansion + reactivation − contraction − churn.</param>
/// <param name="NewMrr">MRR of accounts that started paying for the first time (or returned after the reactivation window).</param>
/// <param name="ExpansionMrr">MRR added by paying accounts.</param>
/// <param name="ContractionMrr">MRR lost by accounts that keep paying (a positive amount).</param>
/// <param name="ChurnedMrr">MRR lost by accounts that stopped paying (a positive amount).</param>
/// <param name="ReactivationMrr">MRR of churned accounts that pay again.</param>
/// <param name="NetNewMrr">New + expansion + reactivation − contraction − churn.</param>
/// <param name="NewAccounts">Accounts with a new movement.</param>
/// <param name="ChurnedAccounts">Accounts with a churn movement.</param>
/// <param name="ReactivatedAccounts">Accounts with a reactivation movement.</param>
/// <param name="CohortMrrAtEnd">The MRR the start cohort pays on the last day.</param>
/// <param name="Nrr">Net revenue retention: cohort MRR at end / MRR at start.</param>
/// <param name="Grr">Gross revenue retention: Σ min(end, start) per cohort account / MRR at start, at most 1.</param>
/// <param name="LogoRetention">Cohort accounts still paying on the last day / accounts at start.</param>
/// <param name="UpgradedAccounts">Cohort accounts that moved a subscription to a higher tier or more seats.</param>
/// <param name="UpgradeRate">Upgraded accounts / accounts at start.</param>
/// <param name="ProposalsAnswered">Proposals accepted, declined or expired in the period.</param>
/// <param name="ProposalsAccepted">Of those, accepted.</param>
/// <param name="ProposalAcceptanceRate">Accepted / answered.</param>
/// <param name="TrialsEnded">Trials (accepted trial offers) whose last day is in the period.</param>
/// <param name="TrialsConverted">Of those, accounts that reached the trialled tier by the trial's end plus the grace days.</param>
/// <param name="TrialConversionRate">Converted / ended.</param>
/// <param name="ProposalUpgrades">License changes in the period made by an accepted proposal.</param>
/// <param name="MedianDaysProposalToUpgrade">Median days from a proposal's issue to its license change; null without any.</param>
public sealed record MetricsFigures(
    int AccountsAtStart,
    int AccountsAtEnd,
    decimal MrrAtStart,
    decimal MrrAtEnd,
    decimal NewMrr,
    decimal ExpansionMrr,
    decimal ContractionMrr,
    decimal ChurnedMrr,
    decimal ReactivationMrr,
    decimal NetNewMrr,
    int NewAccounts,
    int ChurnedAccounts,
    int ReactivatedAccounts,
    decimal CohortMrrAtEnd,
    decimal? Nrr,
    decimal? Grr,
    decimal? LogoRetention,
    int UpgradedAccounts,
    decimal? UpgradeRate,
    int ProposalsAnswered,
    int ProposalsAccepted,
    decimal? ProposalAcceptanceRate,
    int TrialsEnded,
    int TrialsConverted,
    decimal? TrialConversionRate,
    int ProposalUpgrades,
    decimal? MedianDaysProposalToUpgrade);

/// <summary>One row of the cohort table: the accounts that first paid in a month, and their NRR month by month.</summary>
/// <param name="Month">The cohort's month, <c>yyyy-MM</c>.</param>
/// <param name="Accounts">Accounts that first paid in that month.</param>
/// <param name="StartMrr">Their MRR at the end of that month.</param>
/// <param name="Nrr">Their MRR at the end of each month since (index 0: the cohort month itself, 1.0 unless they paid nothing)
/// / <paramref name="StartMrr"/>, up to the period's last month.</param>
public sealed record CohortRow(string Month, int Accounts, decimal StartMrr, IReadOnlyList<decimal?> Nrr);

/// <summary>A playbook's funnel over the period.</summary>
/// <param name="PlaybookId">The playbook.</param>
/// <param name="Entered">Accounts whose first transition in the playbook is in the period.</param>
/// <param name="States">Accounts that entered each state in the period, most first.</param>
/// <param name="Outcomes">The playbook's proposals answered in the period, by outcome.</param>
public sealed record PlaybookFunnel(string PlaybookId, int Entered, IReadOnlyList<FunnelStep> States, IReadOnlyList<OutcomeCount> Outcomes);

/// <summary>How many accounts entered a state.</summary>
/// <param name="State">The state's name.</param>
/// <param name="Accounts">Distinct accounts that entered it in the period.</param>
public sealed record FunnelStep(string State, int Accounts);

/// <summary>How often an outcome occurred.</summary>
/// <param name="Outcome">The outcome (<c>accepted</c>, <c>declined</c>, <c>expired</c>, or a task outcome such as <c>reached</c>).</param>
/// <param name="Count">How many.</param>
public sealed record OutcomeCount(string Outcome, int Count);

/// <summary>A CSM's tasks opened in the period and what became of them.</summary>
/// <param name="CsmId">The CSM (the task's owner); <c>(none)</c> for tasks without one.</param>
/// <param name="Opened">Tasks opened in the period.</param>
/// <param name="Completed">Of those, completed.</param>
/// <param name="Superseded">Of those, superseded when the playbook moved on.</param>
/// <param name="Open">Of those, still open.</param>
/// <param name="CompletionRate">Completed / (completed + superseded); open tasks are not decided yet.</param>
/// <param name="Outcomes">The completed ones by outcome.</param>
public sealed record CsmTaskOutcomes(string CsmId, int Opened, int Completed, int Superseded, int Open, decimal? CompletionRate, IReadOnlyList<OutcomeCount> Outcomes);

/// <summary>Adoption around the period's upgrades (tier or seats up), from the usage history.</summary>
/// <param name="Available">False when the CRM keeps no usage history; every figure is then empty.</param>
/// <param name="Note">Why figures are missing (<c>no usage history</c>), or null.</param>
/// <param name="Upgrades">Upgrades in the period.</param>
/// <param name="Points">The reading before the upgrade (days 0) and 30, 60 and 90 days after.</param>
public sealed record AdoptionSummary(bool Available, string? Note, int Upgrades, IReadOnlyList<AdoptionPoint> Points);

/// <summary>Mean usage of the upgraded accounts at one offset from their upgrade.</summary>
/// <param name="DaysAfterUpgrade">0 for the last reading on or before the upgrade day; 30, 60 or 90 for the last reading
/// on or before that many days after it (and after the upgrade day).</param>
/// <param name="Accounts">Upgrades with a reading at this offset.</param>
/// <param name="SeatUtilization">Their mean seat utilization.</param>
/// <param name="ActiveUsers">Their mean active users (30 days).</param>
/// <param name="SeatUtilizationChange">Mean per-upgrade change against the reading before, over upgrades with both.</param>
/// <param name="ActiveUsersChange">Mean per-upgrade change of active users against before, over upgrades with both.</param>
public sealed record AdoptionPoint(int DaysAfterUpgrade, int Accounts, decimal? SeatUtilization, decimal? ActiveUsers, decimal? SeatUtilizationChange, decimal? ActiveUsersChange);
