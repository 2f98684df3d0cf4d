using CrmSuite.PlaybookEngine.Accounts;

namespace CrmSuite.PlaybookEngine.Offers;

/// <summary>
/// What to price: a tier, a number of seats, how it is billed, for how many years, in which currency. <see cref="TenureMonths"/>
/// (how long the customer has been one) decides the loyalty incentive; <see cref="AddOn"/> adds an add-on bundle per seat.
/// </summary>
/// <param name="Tier">The tier to price.</param>
/// <param name="Seats">Seats wanted.</param>
/// <param name="Billing">How it would be invoiced.</param>
/// <param name="TermYears">The committed term in years.</param>
/// <param name="Currency">ISO code; the book must price it.</param>
/// <param name="TenureMonths">How long the account has been a customer.</param>
/// <param name="AddOn">An add-on offer to price per seat on top of the tier, if any.</param>
public sealed record QuoteRequest(
    string Tier,
    int Seats,
    BillingPeriod Billing,
    int TermYears,
    string Currency,
    int TenureMonths = 0,
    Offer? AddOn = null);
