namespace CrmSuite.DataverseEmulator.Http;

/// <summary>One request as the emulator handles it: a top-level HTTP request or one operation of a $batch.</summary>
internal sealed record EmulatorRequest(string Method, Uri Url, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string? Header(string name) => Headers.GetValueOrDefault(name);

    public Preferences Prefer => Preferences.Parse(Header("Prefer"));
}
