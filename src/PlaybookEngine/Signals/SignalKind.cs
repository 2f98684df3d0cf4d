namespace CrmSuite.PlaybookEngine.Signals;

/// <summary>The type of a signal, which decides what a condition may compare it with.</summary>
public enum SignalKind
{
    /// <summary>A plain count or score.</summary>
    Number,

    /// <summary>A ratio held as a fraction (0.9 is 90%); literals may be written <c>90%</c> or <c>0.9</c>.</summary>
    Percent,

    /// <summary>A span of whole days; literals may be written <c>14 days</c>, <c>2 weeks</c> or a bare number of days.</summary>
    Duration,

    /// <summary>A calendar date; literals are written <c>2026-12-31</c>.</summary>
    Date,

    /// <summary>One of a closed list of names (tier, segment, …).</summary>
    Enum,

    /// <summary>True or false.</summary>
    Boolean,
}
