using System.Collections.Immutable;

namespace CrmSuite.Connector.Crm;

/// <summary>
/// A page of changed accounts. <see cref="Watermark"/> is the opaque position to resume after this page once it is
/// committed (a row version for the embedded CRM, a delta token for Dataverse).
/// </summary>
internal sealed record CrmPage(ImmutableArray<CrmAccountRecord> Accounts, string Watermark);
