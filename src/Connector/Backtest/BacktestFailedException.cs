namespace CrmSuite.Connector.Backtest;

/// <summary>
/// Replaying one account failed: which account, on which day of its replay (when it got that far), with which playbook set,
/// and the failure itself (kept as the inner exception; the command prints <see cref="Exception.Message"/> alone, one line).
/// </summary>
internal sealed class BacktestFailedException(string accountId, DateOnly? day, string folder, Exception failure)
    : Exception($"replaying account {accountId}{(day is { } d ? $" on {d:yyyy-MM-dd}" : "")} with the playbooks of {folder} failed: "
        + $"{failure.GetType().Name}: {failure.Message.ReplaceLineEndings(" ")}", failure)
{
    public string AccountId { get; } = accountId;

    public DateOnly? Day { get; } = day;
}
