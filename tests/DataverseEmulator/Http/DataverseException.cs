namespace CrmSuite.DataverseEmulator.Http;

/// <summary>An error the emulator answers with a Dataverse-shaped body: {"error":{"code":"0x…","message":"…"}}.</summary>
public sealed class DataverseException(int status, string code, string message) : Exception(message)
{
    public int Status { get; } = status;
    public string Code { get; } = code;
}
