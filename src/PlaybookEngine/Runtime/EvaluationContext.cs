using CrmSuite.PlaybookEngine.Accounts;
using CrmSuite.PlaybookEngine.Signals;

namespace CrmSuite.PlaybookEngine.Runtime;

/// <summary>Everything an evaluation reads about one account at one moment.</summary>
/// <param name="account">The account, for template variables and new instances.</param>
/// <param name="signals">Its signals, as <see cref="SignalComputer"/> derives them.</param>
/// <param name="history">Its upgrade prompts and declines across all playbooks, for the guardrails.</param>
/// <param name="now">The moment of the evaluation, from the caller's <see cref="TimeProvider"/>.</param>
public readonly struct EvaluationContext(Account account, SignalVector signals, ContactHistory history, DateTimeOffset now)
{
    /// <summary>The account evaluated.</summary>
    public Account Account { get; } = account;

    /// <summary>The account's signals; conditions test these.</summary>
    public SignalVector Signals { get; } = signals;

    internal ContactHistory History { get; } = history;

    /// <summary>The moment of the evaluation: the start of a new state, and the clock of <c>after N days</c> triggers.</summary>
    public DateTimeOffset Now { get; } = now;

    /// <summary>The UTC calendar day of <see cref="Now"/>: due dates, expiry dates and sustained conditions count in these days.</summary>
    public DateOnly Today => DateOnly.FromDateTime(Now.UtcDateTime);
}
