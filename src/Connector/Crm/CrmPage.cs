using System.Collections.Immutable;

namespace CrmSuite.Connector.Crm;

/// <summary>
/// A page of changed accounts and of accounts deleted since the last page. <see cref="Watermark"/> is the opaque position
/// to resume after this page once it is committed (a row version for the embedded CRM, a delta link for Dataverse).
/// </summary>
internal sealed record CrmPage(ImmutableArray<CrmAccountRecord> Accounts, ImmutableArray<string> DeletedAccountIds, string Watermark)
{
    /// <summary>Changed and deleted accounts on this page.</summary>
    public int Count => Accounts.Length + DeletedAccountIds.Length;
}
