namespace CrmSuite.DataverseEmulator.Schema;

/// <summary>EntityKeyMetadata.EntityKeyIndexStatus: a key is usable only once its index is Active.</summary>
public enum KeyStatus
{
    Pending,
    InProgress,
    Active,
    Failed,
}
