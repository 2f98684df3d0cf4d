using System.Collections.Frozen;
using System.Collections.Immutable;
using CrmSuite.PlaybookEngine.Text;

namespace CrmSuite.PlaybookEngine.Offers;

/// <summary>
/// A named package a playbook can issue, e.g. <c>next-tier</c> or <c>professional-trial</c>. Governed like the price
/// book: only an approved offer within its effective dates is ever proposed.
/// </summary>
/// <param name="Id">The id playbooks reference.</param>
/// <param name="Product">The product whose price book prices this offer.</param>
/// <param name="Kind">What the offer proposes.</param>
/// <param name="Title">A customer-facing title.</param>
/// <param name="Status">Governance state.</param>
/// <param name="Effective">Days on which the offer may be issued.</param>
/// <param name="TargetTier">The tier a trial targets; null for offers relative to the current tier.</param>
/// <param name="TrialDays">Length of a trial in days; 0 for other kinds.</param>
/// <param name="SeatHeadroom">Growth headroom added to active users when sizing seats (0.15 is +15%).</param>
/// <param name="ValidDays">Days a proposal built from this offer stays valid.</param>
/// <param name="Outcomes">The outcomes the offer brings, in the customer's terms.</param>
/// <param name="AddOnPrices">For add-ons: list price per seat per month by currency; empty otherwise.</param>
/// <param name="Audience">For add-ons: the industry or role it is meant for, e.g. <c>industry: healthcare</c>.</param>
/// <param name="ValueDrivers">For add-ons: hours each user saves per week thanks to the bundle, for ROI; empty otherwise.</param>
/// <param name="Position">Where the offer was declared.</param>
public sealed record Offer(
    string Id,
    string Product,
    OfferKind Kind,
    string Title,
    PublicationStatus Status,
    EffectivePeriod Effective,
    string? TargetTier,
    int TrialDays,
    decimal SeatHeadroom,
    int ValidDays,
    ImmutableArray<string> Outcomes,
    FrozenDictionary<string, decimal> AddOnPrices,
    OfferAudience? Audience,
    ImmutableArray<ValueDriver> ValueDrivers,
    SourcePosition Position);

/// <summary>Who an add-on bundle is for: an industry (signal catalogue names) or a role.</summary>
/// <param name="Industry">An industry of <see cref="Signals.SignalCatalog.Industries"/>, or null for any.</param>
/// <param name="Role">A user role the bundle serves, or null for any.</param>
public sealed record OfferAudience(string? Industry, string? Role);
