using System.Collections.Immutable;
using CrmSuite.Connector.Accounts;
using CrmSuite.Connector.Crm;
using CrmSuite.Connector.Playbooks;
using CrmSuite.PlaybookEngine.Accounts;
using CrmSuite.PlaybookEngine.Offers;
using CrmSuite.PlaybookEngine.Runtime;

namespace CrmSuite.Connector.Licensing;

/// <summary>
/// Drafts a proposal as it is issued: the offers engine builds it from the account's own data, its terms (the license it
/// would become, with the proration lines) and its document go with it to the CRM, so an acceptance applies exactly what
/// was proposed. One validity date, by the offers engine's rule (<c>ProposalValidity</c>: the playbook's <c>valid:</c>, cut
/// to the offer's end and, for a renewal upgrade, to the renewal), in the CRM row, the document and the expiry.
/// </summary>
internal sealed class ProposalDrafting(PublishedOffers offers)
{
    /// <summary>
    /// False to leave the document out (the demo history renders only the proposals still open at its end: rendering and
    /// sanitizing is most of a draft's cost); <see cref="Drafted"/> then receives what each document would be made from.
    /// </summary>
    public bool RenderDocuments { get; init; } = true;

    /// <summary>Called with each proposal drafted with terms, and the offers engine's proposal it came from.</summary>
    public Action<CrmProposal, Proposal>? Drafted { get; init; }

    /// <summary>The proposal to write, with terms and document when the offers engine could build them.</summary>
    public CrmProposal Draft(ProposalEffect effect, int step, CrmAccountRecord record, in EvaluationContext context, DateOnly today)
    {
        var plain = new CrmProposal(effect.Key, effect.AccountId, effect.PlaybookId, effect.PlaybookVersion, effect.Reason, effect.State, effect.OfferId,
            today, effect.ExpiresOn, Step: step, Variant: effect.Variant, Message: effect.Message);
        if (PrimarySubscription.Choose(record.Subscriptions) is not { } subscription)
        {
            return plain;
        }

        var built = offers.BuilderFor(today).Build(record.Account, subscription, record.Usage, context.Signals, effect.OfferId, today,
            record.History.LastDeclinedOn, effect.ValidDays);
        if (built.Proposal is not { } proposal)
        {
            return plain;
        }

        var drafted = plain with
        {
            ExpiresOn = proposal.ValidUntil, Terms = Terms(proposal, subscription), DocumentHtml = RenderDocuments ? ProposalHtmlRenderer.Render(proposal, effect.Message) : null,
        };
        Drafted?.Invoke(drafted, proposal);
        return drafted;
    }

    /// <summary>
    /// The license the proposal would make: its tier and seats, priced on the customer's current billing period and term;
    /// for a trial offer, the tier tried and for how long, the license itself unchanged.
    /// </summary>
    public static ProposalTerms Terms(Proposal proposal, Subscription subscription)
    {
        if (proposal.Kind is OfferKind.Trial)
        {
            return new ProposalTerms(subscription.Id, proposal.FromTier, proposal.FromSeats, proposal.ToTier, subscription.Seats, subscription.BillingPeriod,
                subscription.TermMonths, subscription.Mrr, proposal.Currency, false, [], proposal.TrialDays);
        }

        var option = proposal.PricePath.Options.FirstOrDefault(o => o.Quote.Billing == subscription.BillingPeriod) ?? proposal.PricePath.Options[0];
        var mrr = decimal.Round(option.Quote.AnnualCost.Amount / 12m, 2, MidpointRounding.AwayFromZero);
        var lines = ImmutableArray.CreateBuilder<ProrationLine>();
        if (proposal.Proration is { } proration)
        {
            lines.Add(new ProrationLine($"Credit for the unused {proration.DaysRemaining} of {proration.DaysInPeriod} days of {proposal.FromTier}", -proration.Credit.Amount));
            lines.Add(new ProrationLine($"{proposal.ToTier}, {proposal.ToSeats} seats, until {proration.NextBillingDate:yyyy-MM-dd}", proration.Charge.Amount));
        }

        return new ProposalTerms(subscription.Id, proposal.FromTier, proposal.FromSeats, proposal.ToTier, proposal.ToSeats, option.Quote.Billing,
            subscription.TermMonths, mrr, proposal.Currency, proposal.Kind == OfferKind.RenewalUpgrade, lines.ToImmutable());
    }
}
