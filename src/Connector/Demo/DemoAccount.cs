using System.Collections.Immutable;
using CrmSuite.PlaybookEngine.Accounts;

namespace CrmSuite.Connector.Demo;

/// <summary>How an account's usage moves over time: the demo history drifts it accordingly.</summary>
internal enum UsageTrend
{
    Steady,
    Growing,
    New,
    AtRisk,
}

/// <summary>One generated account with its licenses, usage and the way its usage moves.</summary>
internal sealed record DemoAccount(Account Account, ImmutableArray<Subscription> Subscriptions, UsageSnapshot Usage, UsageTrend Trend = UsageTrend.Steady);
