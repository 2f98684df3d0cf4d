using System.Collections.Immutable;

namespace CrmSuite.PlaybookEngine.Runtime;

/// <summary>One signal's value as it was when a transition fired.</summary>
/// <param name="Signal">The signal's name in the catalogue, e.g. <c>seat_utilization</c>.</param>
/// <param name="Value">The value, formatted as the playbook author writes it (a percent, a date, an enum member).</param>
public sealed record SignalReading(string Signal, string Value);

/// <summary>
/// Why an effect exists: the transition that fired (from, to and its trigger in words) and each signal value that made
/// it fire. Travels unflattened from the engine to the audit log, the CRM task and the CSM's screen.
/// </summary>
/// <param name="From">The state the instance left.</param>
/// <param name="To">The state the instance entered (or would have entered, for a refused transition).</param>
/// <param name="Trigger">The transition's trigger as the playbook states it, e.g. <c>seat_utilization &gt;= 90% for 14 days</c>.</param>
/// <param name="Readings">The values of the signals the trigger tests, at the moment it fired.</param>
public sealed record Reason(string From, string To, string Trigger, ImmutableArray<SignalReading> Readings)
{
    /// <summary>
    /// For an upgrade prompt, each guardrail it passed, in words (<c>per_account: 1 of 2 touches per 30 days used</c>);
    /// empty for help, which no guardrail limits.
    /// </summary>
    public ImmutableArray<string> Passed { get; init; } = [];

    /// <summary>
    /// The plays suppressed in the same evaluation because this one took the slot or preempts them
    /// (<c>`tier-trial` Watching -&gt; TrialOffer: per_account</c>).
    /// </summary>
    public ImmutableArray<string> Outranked { get; init; } = [];

    /// <summary>The reason in one line: the trigger, then each reading.</summary>
    public override string ToString() =>
        Readings.IsDefaultOrEmpty ? Trigger : $"{Trigger} ({string.Join(", ", Readings.Select(r => $"{r.Signal} = {r.Value}"))})";
}
