using System.Collections.Immutable;
using CrmSuite.PlaybookEngine.Accounts;
using CrmSuite.PlaybookEngine.Runtime;

namespace CrmSuite.Connector.Crm;

/// <summary>
/// One account as read from the CRM with everything an evaluation needs: its licenses, its latest usage, and the
/// contact history derived from the proposals it was already sent.
/// </summary>
/// <param name="RowVersion">The CRM's change counter of the account (the embedded CRM's modified_seq, Dataverse's versionnumber).</param>
internal sealed record CrmAccountRecord(
    Account Account,
    ImmutableArray<Subscription> Subscriptions,
    UsageSnapshot? Usage,
    ContactHistory History,
    long RowVersion);
