namespace CrmSuite.Connector.Accounts;

/// <summary>A CRM record the connector refuses to evaluate, with the field at fault and why.</summary>
internal sealed record QuarantineEntry(string AccountId, string RecordId, string Field, string Reason)
{
    public override string ToString() => $"{RecordId}: {Field}: {Reason}";
}
