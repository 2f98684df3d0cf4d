using System.Collections.Immutable;

namespace CrmSuite.PlaybookEngine.Offers;

/// <summary>
/// The outcome of <see cref="ProposalBuilder.Build"/>: a proposal, or none with the reason (no need, a guardrail) in
/// <see cref="Decision"/>, or errors when the request cannot be honoured (unknown or unapproved offer, unpriced currency).
/// </summary>
/// <param name="Proposal">The proposal, or null.</param>
/// <param name="Decision">What the next-best-offer rules decided, and why.</param>
/// <param name="Errors">Why the request could not be honoured; empty when it could.</param>
public sealed record ProposalResult(Proposal? Proposal, OfferDecision Decision, ImmutableArray<string> Errors)
{
    /// <summary>True when the request could not be honoured.</summary>
    public bool HasErrors => !Errors.IsDefaultOrEmpty;

    internal static ProposalResult Failed(string error) => new(null, OfferDecision.None(error), [error]);
}
