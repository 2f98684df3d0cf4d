namespace CrmSuite.PlaybookEngine.Offers;

/// <summary>Diagnostic codes of price books and offers files (documented in docs/offers.md).</summary>
internal static class OfferCodes
{
    public const string FrontMatter = "PR001";
    public const string YamlSyntax = "PR002";
    public const string UnknownKind = "PR003";
    public const string MissingKey = "PR004";
    public const string UnknownKey = "PR005";
    public const string BadValue = "PR006";
    public const string BadPercentage = "PR007";
    public const string BadDate = "PR008";
    public const string BadCurrency = "PR009";
    public const string DuplicateName = "PR010";
    public const string AnchorOrder = "PR011";
    public const string VolumeBands = "PR012";
    public const string TermTable = "PR013";
    public const string EffectiveDates = "PR014";
    public const string UnknownTier = "PR015";
    public const string UnknownProduct = "PR016";
    public const string MissingPrice = "PR017";

    /// <summary>A playbook references an offer id no offers file declares.</summary>
    public const string UnknownOffer = "PR020";

    /// <summary>A playbook references an offer that is a draft.</summary>
    public const string DraftOffer = "PR021";

    /// <summary>A playbook references a retired offer.</summary>
    public const string RetiredOffer = "PR022";

    /// <summary>A playbook references an offer whose effective dates exclude today.</summary>
    public const string OfferNotEffective = "PR023";

    /// <summary>The offer's price book is missing, a draft, retired or not effective today.</summary>
    public const string NoPriceBook = "PR024";
}
