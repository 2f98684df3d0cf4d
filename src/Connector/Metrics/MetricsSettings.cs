using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using CrmSuite.PlaybookEngine.Metrics;

namespace CrmSuite.Connector.Metrics;

/// <summary>The <c>Metrics</c> configuration section: the report currency, conversion rates and conventions (docs/metrics.md).</summary>
internal sealed class MetricsSettings
{
    public const string Section = "Metrics";

    public string Currency { get; set; } = "USD";

    /// <summary>Units of <see cref="Currency"/> per unit of each other currency: <c>Metrics:Rates:EUR=1.08</c>.</summary>
    public Dictionary<string, decimal> Rates { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public ChurnTiming ChurnAt { get; set; } = ChurnTiming.Cancellation;

    public int? ReactivationWindowDays { get; set; }

    public int TrialGraceDays { get; set; } = 14;

    /// <summary>Paying accounts each group of an experiment needs at the start of the period before its uplift is judged.</summary>
    public int ExperimentMinAccountsPerGroup { get; set; } = 30;

    public MetricsOptions ToOptions() => new()
    {
        Currency = Currency.ToUpperInvariant(),
        Rates = Rates.ToDictionary(r => r.Key.ToUpperInvariant(), r => r.Value, StringComparer.OrdinalIgnoreCase),
        ChurnAt = ChurnAt,
        ReactivationWindowDays = ReactivationWindowDays,
        TrialGraceDays = TrialGraceDays,
    };
}

/// <summary>Checks the metrics settings, naming the key at fault.</summary>
internal sealed partial class MetricsSettingsValidator : IValidateOptions<MetricsSettings>
{
    public ValidateOptionsResult Validate(string? name, MetricsSettings options)
    {
        var failures = new List<string>();
        if (!CurrencyCode().IsMatch(options.Currency))
        {
            failures.Add($"{MetricsSettings.Section}:{nameof(MetricsSettings.Currency)} must be an ISO 4217 code such as USD, got '{options.Currency}'.");
        }

        foreach (var (currency, rate) in options.Rates)
        {
            if (!CurrencyCode().IsMatch(currency) || rate <= 0)
            {
                failures.Add($"{MetricsSettings.Section}:{nameof(MetricsSettings.Rates)}:{currency} must be a currency code with a rate above 0, got {rate}.");
            }
        }

        if (options.ReactivationWindowDays is < 0)
        {
            failures.Add($"{MetricsSettings.Section}:{nameof(MetricsSettings.ReactivationWindowDays)} must be 0 or more days (empty: no window), got {options.ReactivationWindowDays}.");
        }

        if (options.ExperimentMinAccountsPerGroup < 2)
        {
            failures.Add($"{MetricsSettings.Section}:{nameof(MetricsSettings.ExperimentMinAccountsPerGroup)} must be 2 or more accounts, got {options.ExperimentMinAccountsPerGroup}.");
        }

        if (options.TrialGraceDays < 0)
        {
            failures.Add($"{MetricsSettings.Section}:{nameof(MetricsSettings.TrialGraceDays)} must be 0 or more days, got {options.TrialGraceDays}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [GeneratedRegex("^[A-Za-z]{3}$")]
    private static partial Regex CurrencyCode();
}
