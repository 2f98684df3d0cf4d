using Microsoft.Extensions.Options;

namespace CrmSuite.Connector.Backtest;

/// <summary>The workbench's settings the backtest reads, bound from <c>Workbench</c>.</summary>
internal sealed class BacktestOptions
{
    public const string Section = "Workbench";

    /// <summary>Tasks one CSM can work in a week (<c>Workbench:CsmWeeklyCapacity</c>); the backtest flags the weeks above it.</summary>
    public int CsmWeeklyCapacity { get; set; } = 40;

    /// <summary>
    /// Playbook folders the web page may replay beside the published one (<c>Workbench:BacktestFolders</c>), e.g. a
    /// checkout of a branch under review; a browser picks among these and never names a path of its own.
    /// </summary>
    public List<string> BacktestFolders { get; set; } = [];
}

/// <summary>Checks <see cref="BacktestOptions"/> at start, naming the key at fault.</summary>
internal sealed class BacktestOptionsValidator : IValidateOptions<BacktestOptions>
{
    public ValidateOptionsResult Validate(string? name, BacktestOptions options)
    {
        var failures = new List<string>();
        if (options.CsmWeeklyCapacity < 1)
        {
            failures.Add($"{BacktestOptions.Section}:{nameof(BacktestOptions.CsmWeeklyCapacity)} must be at least 1 task a week, got {options.CsmWeeklyCapacity}.");
        }

        for (var i = 0; i < options.BacktestFolders.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(options.BacktestFolders[i]))
            {
                failures.Add($"{BacktestOptions.Section}:{nameof(BacktestOptions.BacktestFolders)}:{i} must name a playbook folder, got an empty value.");
            }
        }

        return failures.Count > 0 ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
    }
}
