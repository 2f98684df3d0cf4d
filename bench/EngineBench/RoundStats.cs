namespace CrmSuite.Bench.Engine;

/// <summary>What one round did: evaluations made, accounts whose instances changed, bytes allocated by all threads.</summary>
internal readonly record struct RoundStats(long Evaluations, long ChangedAccounts, long AllocatedBytes)
{
    public static RoundStats operator +(RoundStats a, RoundStats b) =>
        new(a.Evaluations + b.Evaluations, a.ChangedAccounts + b.ChangedAccounts, a.AllocatedBytes + b.AllocatedBytes);
}
