using CrmSuite.PlaybookEngine.Accounts;
using CrmSuite.PlaybookEngine.Signals;

namespace CrmSuite.Bench.Engine;

/// <summary>Deterministic synthetic accounts with signal vectors spread like a real book of business.</summary>
internal static class SyntheticAccounts
{
    public static (Account[] Accounts, SignalVector[] Signals) Create(int count, int seed)
    {
        var random = new Random(seed);
        var accounts = new Account[count];
        var signals = new SignalVector[count];
        for (var i = 0; i < count; i++)
        {
            var segment = SignalCatalog.Segments[random.Next(SignalCatalog.Segments.Length)];
            accounts[i] = new Account($"acc-{i:D7}", $"Account {i}", segment, SignalCatalog.Industries[random.Next(8)], "adoption", "csm-1");
            var v = SignalVector.Empty();
            var utilization = Math.Round(random.NextDouble() * 1.05, 2);
            v[SignalOrdinals.SeatUtilization] = utilization;
            v[SignalOrdinals.SeatUtilizationMin28d] = Math.Max(0, utilization - random.NextDouble() * 0.2);
            v[SignalOrdinals.Seats] = 10 + random.Next(500);
            v[SignalOrdinals.ActiveUsers30d] = (int)(v[SignalOrdinals.Seats] * utilization);
            v[SignalOrdinals.FeatureAdoption] = random.NextDouble();
            v[SignalOrdinals.Health] = 20 + random.Next(80);
            v[SignalOrdinals.HealthChange30d] = random.Next(-20, 15);
            v[SignalOrdinals.DaysToRenewal] = random.Next(1, 366);
            v[SignalOrdinals.DaysSinceStart] = random.Next(1, 1000);
            v[SignalOrdinals.DaysSinceLastLogin] = random.Next(0, 30);
            v[SignalOrdinals.Tier] = random.Next(1, 4);
            v[SignalOrdinals.Segment] = SignalCatalog.Segments.IndexOf(segment);
            v[SignalOrdinals.Industry] = random.Next(8);
            v[SignalOrdinals.LifecycleStage] = random.Next(1, 5);
            v[SignalOrdinals.BillingPeriod] = random.Next(2);
            v[SignalOrdinals.OpenTickets] = random.Next(5);
            v[SignalOrdinals.Nps] = random.Next(-50, 80);
            v[SignalOrdinals.Mrr] = v[SignalOrdinals.Seats] * 25;
            v[SignalOrdinals.UsageGrowth30d] = random.NextDouble() * 0.4 - 0.1;
            var trial = random.Next(20) == 0;
            v[SignalOrdinals.InTrial] = trial ? 1 : 0;
            if (trial)
            {
                v[SignalOrdinals.TrialDaysLeft] = random.Next(0, 30);
            }

            v[SignalOrdinals.ChurnRisk] = v[SignalOrdinals.Health] < 40 || v[SignalOrdinals.HealthChange30d] <= -15 ? 1 : 0;
            signals[i] = v;
        }

        return (accounts, signals);
    }
}
