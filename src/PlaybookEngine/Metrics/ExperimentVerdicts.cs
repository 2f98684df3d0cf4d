using System.Globalization;

namespace CrmSuite.PlaybookEngine.Metrics;

/// <summary>An uplift in plain words, in percentage points: "treated accounts upgraded 4.1 pp more often (95% CI 1.2–7.0 pp)".</summary>
internal static class ExperimentVerdicts
{
    public static string Describe(Uplift u, double confidence, string verb, string more, string less, string metric, string subject = "treated accounts")
    {
        var level = string.Create(CultureInfo.InvariantCulture, $"{confidence * 100:0.##}%");
        if (!u.IsMeasurable)
        {
            return $"no measurable difference in {metric} ({Points(u.Difference)} pp, {level} CI {Range(u.Lower, u.Upper)} pp)";
        }

        // Shown as a magnitude in the direction of the finding, so the interval reads low to high.
        return u.Difference >= 0
            ? $"{subject} {verb} {Points(u.Difference)} pp {more} ({level} CI {Range(u.Lower, u.Upper)} pp)"
            : $"{subject} {verb} {Points(-u.Difference)} pp {less} ({level} CI {Range(-u.Upper, -u.Lower)} pp)";
    }

    private static string Points(double fraction) => (fraction * 100).ToString("0.0", CultureInfo.InvariantCulture);

    private static string Range(double lower, double upper) =>
        lower >= 0 ? $"{Points(lower)}–{Points(upper)}" : $"{Points(lower)} to {Points(upper)}";
}
