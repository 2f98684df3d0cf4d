using CrmSuite.PlaybookEngine.Accounts;

namespace CrmSuite.PlaybookEngine.Offers;

/// <summary>
/// What to price: a tier, a number of seats, how it is billed, for how many years, in which currency. <see cref="TenureMonths"/>
/// (how long the customer has been one) decides the loyalty incentive; <see cref="AddOn"/> adds an add-on bundle per seat.
/// </summary>
public sealed record QuoteRequest(
    string Tier,
    int Seats,
    BillingPeriod Billing,
    int TermYears,
    string Currency,
    int TenureMonths = 0,
    Offer? AddOn = null);
