namespace CrmSuite.PlaybookEngine.Offers;

/// <summary>What an offer proposes.</summary>
public enum OfferKind
{
    /// <summary>Move to the tier directly above the current one.</summary>
    NextTier,

    /// <summary>More seats on the same tier.</summary>
    SeatExpansion,

    /// <summary>A time-boxed trial of a named higher tier; nothing is billed during it.</summary>
    Trial,

    /// <summary>An upgrade to the next tier placed inside the renewal packet, beside the plain renewal price.</summary>
    RenewalUpgrade,

    /// <summary>A bundle of features for a role or an industry, priced per seat on top of the current tier.</summary>
    AddOn,
}
