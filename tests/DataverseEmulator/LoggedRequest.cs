namespace CrmSuite.DataverseEmulator;

/// <summary>
/// One top-level HTTP request the emulator answered; <see cref="BatchOperations"/> counts a $batch's operations and
/// <see cref="Answering"/> is the time the emulator spent answering it (without injected latency or the network).
/// </summary>
public sealed record LoggedRequest(
    string Method, string Url, IReadOnlyDictionary<string, string> Headers, int BodyBytes, int Status, int BatchOperations, TimeSpan Answering = default);
