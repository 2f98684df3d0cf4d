namespace CrmSuite.PlaybookEngine.Offers;

/// <summary>Governance state of a price book or an offer: only approved ones are ever offered.</summary>
public enum PublicationStatus
{
    /// <summary>Being written or awaiting approval; never offered.</summary>
    Draft,

    /// <summary>Approved for use within its effective dates.</summary>
    Approved,

    /// <summary>Withdrawn; kept for history, never offered.</summary>
    Retired,
}
