namespace CrmSuite.PlaybookEngine.Signals;

/// <summary>Ordinals of the catalogue's signals in <see cref="SignalVector"/>, for code that fills or reads a vector.</summary>
public static class SignalOrdinals
{
    public const int SeatUtilization = 0;
    public const int SeatUtilizationMin28d = 1;
    public const int Seats = 2;
    public const int SeatsUsed = 3;
    public const int ActiveUsers30d = 4;
    public const int FeatureAdoption = 5;
    public const int Health = 6;
    public const int HealthChange30d = 7;
    public const int DaysToRenewal = 8;
    public const int TrialDaysLeft = 9;
    public const int DaysSinceStart = 10;
    public const int DaysSinceLastLogin = 11;
    public const int Tier = 12;
    public const int Segment = 13;
    public const int Industry = 14;
    public const int LifecycleStage = 15;
    public const int BillingPeriod = 16;
    public const int OpenTickets = 17;
    public const int Nps = 18;
    public const int Mrr = 19;
    public const int UsageGrowth30d = 20;
    public const int InTrial = 21;
    public const int ChurnRisk = 22;
    public const int RenewalDate = 23;
}
