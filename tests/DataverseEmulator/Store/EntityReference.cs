namespace CrmSuite.DataverseEmulator.Store;

/// <summary>A lookup value: the row a lookup column points at.</summary>
public sealed record EntityReference(string Table, Guid Id);
