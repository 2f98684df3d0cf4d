using MathNet.Numerics.Distributions;
using MathNet.Numerics.Random;
using MathNet.Numerics.Statistics;

namespace CrmSuite.PlaybookEngine.Metrics;

/// <summary>A difference between the treated and the held-out group, with its confidence interval (both in the metric's unit).</summary>
/// <param name="Difference">Treated minus held out.</param>
/// <param name="Lower">The interval's lower end.</param>
/// <param name="Upper">The interval's upper end.</param>
public readonly record struct Uplift(double Difference, double Lower, double Upper)
{
    /// <summary>True when the interval lies wholly above or wholly below zero.</summary>
    public bool IsMeasurable => Lower > 0 || Upper < 0;
}

/// <summary>
/// The confidence intervals of an experiment's uplift. Rates (upgrade, churn) use Newcombe's hybrid score interval for a
/// difference of two proportions, built from each group's Wilson score interval: unlike the textbook Wald interval it
/// stays inside [−1, 1] and keeps its coverage for small groups and rates near 0 or 1, which is where upgrade rates live.
/// NRR and GRR are ratios of sums over accounts, with no closed-form variance: their interval is a percentile bootstrap
/// (accounts resampled with replacement within each group, a fixed seed so the same data give the same interval).
/// Normal quantiles come from MathNet.Numerics, bootstrap quantiles from its R-8 quantile estimator.
/// </summary>
public static class UpliftStatistics
{
    /// <summary>Bootstrap resamples per interval.</summary>
    public const int BootstrapResamples = 2000;

    private const int BootstrapSeed = 20_260_101;

    /// <summary>The two-sided standard normal quantile for <paramref name="confidence"/> (1.959964 for 0.95).</summary>
    /// <param name="confidence">The confidence level, e.g. 0.95.</param>
    public static double Z(double confidence) => Normal.InvCDF(0, 1, 1 - ((1 - confidence) / 2));

    /// <summary>The Wilson score interval of a proportion of <paramref name="successes"/> out of <paramref name="n"/>.</summary>
    /// <param name="successes">Accounts with the outcome.</param>
    /// <param name="n">Accounts in the group (at least 1).</param>
    /// <param name="confidence">The confidence level.</param>
    public static (double Lower, double Upper) Wilson(int successes, int n, double confidence)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        var z = Z(confidence);
        var p = (double)successes / n;
        var z2 = z * z;
        var centre = (p + (z2 / (2 * n))) / (1 + (z2 / n));
        var half = z / (1 + (z2 / n)) * Math.Sqrt((p * (1 - p) / n) + (z2 / (4.0 * n * n)));
        return (Math.Max(0, centre - half), Math.Min(1, centre + half));
    }

    /// <summary>
    /// Newcombe's hybrid score interval (his method 10) for treated rate minus held-out rate.
    /// </summary>
    /// <param name="treatedSuccesses">Treated accounts with the outcome.</param>
    /// <param name="treated">Treated accounts (at least 1).</param>
    /// <param name="heldOutSuccesses">Held-out accounts with the outcome.</param>
    /// <param name="heldOut">Held-out accounts (at least 1).</param>
    /// <param name="confidence">The confidence level.</param>
    public static Uplift RateDifference(int treatedSuccesses, int treated, int heldOutSuccesses, int heldOut, double confidence)
    {
        var p1 = (double)treatedSuccesses / treated;
        var p2 = (double)heldOutSuccesses / heldOut;
        var (l1, u1) = Wilson(treatedSuccesses, treated, confidence);
        var (l2, u2) = Wilson(heldOutSuccesses, heldOut, confidence);
        var d = p1 - p2;
        return new Uplift(d, d - Math.Sqrt(Square(p1 - l1) + Square(u2 - p2)), d + Math.Sqrt(Square(u1 - p1) + Square(p2 - l2)));
    }

    /// <summary>
    /// The percentile bootstrap interval of Σend/Σstart (treated) minus Σend/Σstart (held out), NRR or GRR.
    /// </summary>
    /// <param name="treated">Per treated account in the cohort: its MRR at start and the figure at end.</param>
    /// <param name="heldOut">The same for the held-out accounts.</param>
    /// <param name="confidence">The confidence level.</param>
    public static Uplift RatioDifference(IReadOnlyList<(double Start, double End)> treated, IReadOnlyList<(double Start, double End)> heldOut, double confidence)
    {
        ArgumentNullException.ThrowIfNull(treated);
        ArgumentNullException.ThrowIfNull(heldOut);
        var difference = Ratio(treated) - Ratio(heldOut);
        var random = new MersenneTwister(BootstrapSeed);
        var samples = new double[BootstrapResamples];
        for (var b = 0; b < samples.Length; b++)
        {
            samples[b] = Resampled(treated, random) - Resampled(heldOut, random);
        }

        var alpha = 1 - confidence;
        return new Uplift(difference, Statistics.Quantile(samples, alpha / 2), Statistics.Quantile(samples, 1 - (alpha / 2)));
    }

    private static double Ratio(IReadOnlyList<(double Start, double End)> accounts)
    {
        double start = 0, end = 0;
        foreach (var (s, e) in accounts)
        {
            start += s;
            end += e;
        }

        return start == 0 ? 0 : end / start;
    }

    private static double Resampled(IReadOnlyList<(double Start, double End)> accounts, MersenneTwister random)
    {
        double start = 0, end = 0;
        for (var i = 0; i < accounts.Count; i++)
        {
            var (s, e) = accounts[random.Next(accounts.Count)];
            start += s;
            end += e;
        }

        return start == 0 ? 0 : end / start;
    }

    private static double Square(double x) => x * x;
}
