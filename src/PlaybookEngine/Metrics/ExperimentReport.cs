using System.Collections.Immutable;

namespace CrmSuite.PlaybookEngine.Metrics;

/// <summary>One account's place in an experiment, as the state store records it on the playbook instance.</summary>
/// <param name="PlaybookId">The playbook running the experiment.</param>
/// <param name="Experiment">The experiment's id.</param>
/// <param name="AccountId">The account.</param>
/// <param name="HeldOut">True for the control group (kept out of the play), false for a treated account.</param>
public sealed record ExperimentMember(string PlaybookId, string Experiment, string AccountId, bool HeldOut);

/// <summary>The message variant an account got of one variant set, as the state store records it (<c>message_variants</c>).</summary>
/// <param name="PlaybookId">The playbook running the experiment.</param>
/// <param name="Experiment">The experiment's id.</param>
/// <param name="VariantSet">The variant set, e.g. <c>CheckIn/task/1</c>.</param>
/// <param name="Variant">The variant's name; <c>control</c> for the message as written.</param>
/// <param name="AccountId">The account.</param>
public sealed record VariantMember(string PlaybookId, string Experiment, string VariantSet, string Variant, string AccountId);

/// <summary>What an experiments report is asked for.</summary>
/// <param name="From">The period's first day.</param>
/// <param name="To">The period's last day (included).</param>
/// <param name="Options">Currency and conventions, as for the metrics report.</param>
/// <param name="MinAccountsPerGroup">Paying accounts each group needs at the start of the period before a verdict is given.</param>
/// <param name="Confidence">The confidence level of the intervals, e.g. 0.95.</param>
public sealed record ExperimentRequest(DateOnly From, DateOnly To, MetricsOptions Options, int MinAccountsPerGroup = 30, double Confidence = 0.95);

/// <summary>One group (treated or held out) of an experiment, over the period; rates as in the metrics report, null without a cohort.</summary>
/// <param name="Accounts">Accounts assigned to the group.</param>
/// <param name="AccountsAtStart">Of those, paying at the start of the period: the cohort every rate is over.</param>
/// <param name="UpgradedAccounts">Cohort accounts that upgraded in the period.</param>
/// <param name="UpgradeRate">Upgraded / cohort.</param>
/// <param name="ChurnedAccounts">Cohort accounts paying nothing at the end.</param>
/// <param name="ChurnRate">Churned / cohort.</param>
/// <param name="MrrAtStart">The cohort's MRR at start, in the report currency.</param>
/// <param name="CohortMrrAtEnd">The cohort's MRR at end.</param>
/// <param name="Nrr">Cohort MRR at end / at start.</param>
/// <param name="Grr">Σ min(end, start) / MRR at start.</param>
public sealed record ExperimentGroupFigures(
    int Accounts, int AccountsAtStart, int UpgradedAccounts, double? UpgradeRate, int ChurnedAccounts, double? ChurnRate,
    decimal MrrAtStart, decimal CohortMrrAtEnd, double? Nrr, double? Grr);

/// <summary>The uplift of one metric: treated minus held out, its confidence interval, and the verdict in words.</summary>
/// <param name="Metric"><c>upgrade_rate</c>, <c>churn_rate</c>, <c>nrr</c> or <c>grr</c>.</param>
/// <param name="Difference">Treated minus held out, as a fraction (0.041 is 4.1 percentage points).</param>
/// <param name="Lower">The interval's lower end.</param>
/// <param name="Upper">The interval's upper end.</param>
/// <param name="Measurable">True when the interval excludes zero.</param>
/// <param name="Method"><c>newcombe-wilson</c> for rates, <c>bootstrap-percentile</c> for NRR and GRR.</param>
/// <param name="Verdict">The finding in plain words.</param>
public sealed record ExperimentUplift(string Metric, double Difference, double Lower, double Upper, bool Measurable, string Method, string Verdict);

/// <summary>One experiment of one playbook.</summary>
/// <param name="PlaybookId">The playbook.</param>
/// <param name="Experiment">The experiment's id.</param>
/// <param name="Treated">The treated group's figures.</param>
/// <param name="HeldOut">The held-out group's figures.</param>
/// <param name="EnoughAccounts">False while either group has fewer paying accounts than the request's minimum: no uplift is given then.</param>
/// <param name="Verdict">The headline: the upgrade-rate verdict, or why there is none yet.</param>
/// <param name="Uplifts">Per metric, when there are enough accounts; empty otherwise.</param>
public sealed record ExperimentResult(
    string PlaybookId, string Experiment, ExperimentGroupFigures Treated, ExperimentGroupFigures HeldOut, bool EnoughAccounts, string Verdict,
    ImmutableArray<ExperimentUplift> Uplifts)
{
    /// <summary>The experiment's message variant sets (A/B tests of a task's or proposal's message), by set name; empty without any.</summary>
    public ImmutableArray<VariantSetResult> VariantSets { get; init; } = [];
}

/// <summary>One variant set: each variant's upgrade rate, and each variant against <c>control</c>.</summary>
/// <param name="VariantSet">The set, e.g. <c>CheckIn/task/1</c>.</param>
/// <param name="Variants"><c>control</c> first, then the other variants by name.</param>
public sealed record VariantSetResult(string VariantSet, ImmutableArray<VariantResult> Variants);

/// <summary>One message variant over the period.</summary>
/// <param name="Variant">The variant's name.</param>
/// <param name="Accounts">Accounts that got it.</param>
/// <param name="AccountsAtStart">Of those, paying at the start of the period: the cohort the rate is over.</param>
/// <param name="UpgradedAccounts">Cohort accounts that upgraded in the period.</param>
/// <param name="UpgradeRate">Upgraded / cohort; null without a cohort.</param>
/// <param name="VsControl">This variant's upgrade rate minus control's, with its interval; null for control and while either has too few accounts.</param>
/// <param name="Verdict">The comparison with control in plain words, or why there is none.</param>
public sealed record VariantResult(
    string Variant, int Accounts, int AccountsAtStart, int UpgradedAccounts, double? UpgradeRate, ExperimentUplift? VsControl, string Verdict);

/// <summary>Every experiment's comparison of treated and held-out accounts over one period.</summary>
/// <param name="From">The period's first day.</param>
/// <param name="To">The period's last day.</param>
/// <param name="Currency">The currency of the MRR figures.</param>
/// <param name="Confidence">The confidence level of the intervals.</param>
/// <param name="MinAccountsPerGroup">The paying accounts each group needs for a verdict.</param>
/// <param name="Experiments">By playbook id, then experiment id.</param>
public sealed record ExperimentReport(
    DateOnly From, DateOnly To, string Currency, double Confidence, int MinAccountsPerGroup, ImmutableArray<ExperimentResult> Experiments);
