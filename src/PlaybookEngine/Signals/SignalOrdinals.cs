namespace CrmSuite.PlaybookEngine.Signals;

/// <summary>Ordinals of the catalogue's signals in <see cref="SignalVector"/>, for code that fills or reads a vector.</summary>
public static class SignalOrdinals
{
    /// <summary><c>seat_utilization</c>: seats used over seats paid for, a fraction.</summary>
    public const int SeatUtilization = 0;
    internal const int SeatUtilizationMin28d = 1;
    internal const int Seats = 2;
    internal const int SeatsUsed = 3;
    internal const int ActiveUsers30d = 4;
    internal const int FeatureAdoption = 5;
    internal const int Health = 6;
    internal const int HealthChange30d = 7;
    internal const int DaysToRenewal = 8;
    internal const int TrialDaysLeft = 9;
    internal const int DaysSinceStart = 10;
    internal const int DaysSinceLastLogin = 11;
    internal const int Tier = 12;
    internal const int Segment = 13;
    internal const int Industry = 14;
    internal const int LifecycleStage = 15;
    internal const int BillingPeriod = 16;
    internal const int OpenTickets = 17;
    internal const int Nps = 18;
    internal const int Mrr = 19;
    internal const int UsageGrowth30d = 20;
    internal const int InTrial = 21;
    internal const int ChurnRisk = 22;
    internal const int RenewalDate = 23;
}
