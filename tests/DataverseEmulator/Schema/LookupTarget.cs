namespace CrmSuite.DataverseEmulator.Schema;

/// <summary>
/// One table a lookup column may point at, with the single-valued navigation property used to bind it
/// (<c>regardingobjectid_account_task@odata.bind</c>, <c>ownerid@odata.bind</c>, <c>cs_AccountId@odata.bind</c>).
/// </summary>
public sealed record LookupTarget(string Table, string NavigationProperty);
