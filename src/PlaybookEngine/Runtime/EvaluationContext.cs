using CrmSuite.PlaybookEngine.Accounts;
using CrmSuite.PlaybookEngine.Signals;

namespace CrmSuite.PlaybookEngine.Runtime;

/// <summary>Everything an evaluation reads about one account at one moment.</summary>
public readonly struct EvaluationContext(Account account, SignalVector signals, ContactHistory history, DateTimeOffset now)
{
    public Account Account { get; } = account;

    public SignalVector Signals { get; } = signals;

    internal ContactHistory History { get; } = history;

    public DateTimeOffset Now { get; } = now;

    public DateOnly Today => DateOnly.FromDateTime(Now.UtcDateTime);
}
