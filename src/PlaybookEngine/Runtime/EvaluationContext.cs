using CrmSuite.PlaybookEngine.Accounts;
using CrmSuite.PlaybookEngine.Playbooks;
using CrmSuite.PlaybookEngine.Signals;

namespace CrmSuite.PlaybookEngine.Runtime;

/// <summary>Everything an evaluation reads about one account at one moment.</summary>
public readonly struct EvaluationContext
{
    private readonly TimeZoneInfo? _timeZone;

    /// <summary>A context whose calendar day is the UTC day of <paramref name="now"/>.</summary>
    /// <param name="account">The account, for template variables and new instances.</param>
    /// <param name="signals">Its signals, as <see cref="SignalComputer"/> derives them.</param>
    /// <param name="history">Its upgrade prompts and declines across all playbooks, for the guardrails.</param>
    /// <param name="now">The moment of the evaluation, from the caller's <see cref="TimeProvider"/>.</param>
    public EvaluationContext(Account account, SignalVector signals, ContactHistory history, DateTimeOffset now)
        : this(account, signals, history, now, TimeZoneInfo.Utc)
    {
    }

    /// <summary>A context whose calendar day is the day of <paramref name="now"/> in <paramref name="timeZone"/>.</summary>
    /// <param name="account">The account, for template variables and new instances.</param>
    /// <param name="signals">Its signals, computed for <see cref="DayOf"/>(<paramref name="now"/>, <paramref name="timeZone"/>).</param>
    /// <param name="history">Its upgrade prompts and declines across all playbooks, for the guardrails.</param>
    /// <param name="now">The moment of the evaluation, from the caller's <see cref="TimeProvider"/>.</param>
    /// <param name="timeZone">The zone whose calendar decides "today" (the connector's <c>Sync:TimeZone</c>).</param>
    public EvaluationContext(Account account, SignalVector signals, ContactHistory history, DateTimeOffset now, TimeZoneInfo timeZone)
    {
        ArgumentNullException.ThrowIfNull(timeZone);
        Account = account;
        Signals = signals;
        History = history;
        Now = now;
        _timeZone = timeZone;
        Today = DayOf(now, timeZone);
    }

    /// <summary>The account evaluated.</summary>
    public Account Account { get; }

    /// <summary>The account's signals; conditions test these.</summary>
    public SignalVector Signals { get; }

    internal ContactHistory History { get; }

    /// <summary>The contact budget shared by every play, set by the runtime; null leaves each playbook's own guardrail.</summary>
    internal ContactPolicy? Policy { get; private init; }

    /// <summary>The moment of the evaluation: the start of a new state, and the clock of <c>after N days</c> triggers.</summary>
    public DateTimeOffset Now { get; }

    /// <summary>The zone whose calendar decides <see cref="Today"/>; UTC unless one was given.</summary>
    public TimeZoneInfo TimeZone => _timeZone ?? TimeZoneInfo.Utc;

    /// <summary>
    /// The calendar day of <see cref="Now"/> in <see cref="TimeZone"/>: due dates, expiry dates and sustained conditions
    /// (<c>for N days</c>) count in these days.
    /// </summary>
    public DateOnly Today { get; }

    /// <summary>The calendar day a moment falls on in a time zone.</summary>
    public static DateOnly DayOf(DateTimeOffset moment, TimeZoneInfo timeZone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(moment, timeZone).DateTime);

    internal EvaluationContext WithHistory(ContactHistory history) => new(Account, Signals, history, Now, TimeZone) { Policy = Policy };

    internal EvaluationContext WithPolicy(ContactPolicy? policy) => new(Account, Signals, History, Now, TimeZone) { Policy = policy };
}
