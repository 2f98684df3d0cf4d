using Microsoft.Extensions.Options;

namespace CrmSuite.Connector.Backtest;

/// <summary>The workbench's settings the backtest reads, bound from <c>Workbench</c>.</summary>
internal sealed class BacktestOptions
{
    public const string Section = "Workbench";

    /// <summary>Tasks one CSM can work in a week (<c>Workbench:CsmWeeklyCapacity</c>); the backtest flags the weeks above it.</summary>
    public int CsmWeeklyCapacity { get; set; } = 40;
}

/// <summary>Checks <see cref="BacktestOptions"/> at start, naming the key at fault.</summary>
internal sealed class BacktestOptionsValidator : IValidateOptions<BacktestOptions>
{
    public ValidateOptionsResult Validate(string? name, BacktestOptions options) =>
        options.CsmWeeklyCapacity < 1
            ? ValidateOptionsResult.Fail($"{BacktestOptions.Section}:{nameof(BacktestOptions.CsmWeeklyCapacity)} must be at least 1 task a week, got {options.CsmWeeklyCapacity}.")
            : ValidateOptionsResult.Success;
}
