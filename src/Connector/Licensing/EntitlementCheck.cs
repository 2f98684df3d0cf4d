using CrmSuite.Connector.Crm;
using CrmSuite.PlaybookEngine.Accounts;

namespace CrmSuite.Connector.Licensing;

/// <summary>
/// What must hold before an accepted proposal changes a license: the license is still the one proposed against and is
/// running; the new seats are not below the seats in use; the tier is one the current price book sells; the currency is
/// unchanged. Each failure is a sentence a CSM can act on.
/// </summary>
internal static class EntitlementCheck
{
    public static IReadOnlyList<string> Problems(Subscription? current, ProposalTerms terms, IReadOnlySet<string> tiersOnSale)
    {
        if (current is null)
        {
            return [$"license {terms.SubscriptionId} is no longer on the account"];
        }

        var problems = new List<string>();
        if (current.Status == SubscriptionStatus.Cancelled)
        {
            problems.Add($"license {current.Id} is cancelled");
        }

        if (terms.ToSeats < current.SeatsUsed)
        {
            problems.Add($"{terms.ToSeats} seats proposed but {current.SeatsUsed} are in use; the change would lock people out");
        }

        if (!tiersOnSale.Contains(terms.ToTier))
        {
            problems.Add($"tier `{terms.ToTier}` is not in the current price book");
        }

        if (!string.Equals(current.Currency, terms.Currency, StringComparison.Ordinal))
        {
            problems.Add($"the license is billed in {current.Currency}, the proposal in {terms.Currency}");
        }

        return problems;
    }
}
