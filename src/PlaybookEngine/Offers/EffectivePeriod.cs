namespace CrmSuite.PlaybookEngine.Offers;

/// <summary>The days on which a price book or offer applies: from <see cref="From"/> through <see cref="To"/> inclusive.</summary>
/// <param name="From">First day.</param>
/// <param name="To">Last day; null when open-ended.</param>
public readonly record struct EffectivePeriod(DateOnly From, DateOnly? To)
{
    /// <summary>True when <paramref name="day"/> lies within the period.</summary>
    internal bool Contains(DateOnly day) => day >= From && (To is null || day <= To.Value);

    /// <summary>True when the period has not started by <paramref name="day"/>.</summary>
    internal bool StartsAfter(DateOnly day) => day < From;

    /// <summary>True when the period ended before <paramref name="day"/>.</summary>
    internal bool EndedBefore(DateOnly day) => To is { } to && day > to;
}
