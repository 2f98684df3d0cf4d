using System.Collections.Immutable;
using CrmSuite.PlaybookEngine.Accounts;

namespace CrmSuite.Connector.Demo;

/// <summary>One generated account with its licenses and usage.</summary>
internal sealed record DemoAccount(Account Account, ImmutableArray<Subscription> Subscriptions, UsageSnapshot Usage);
