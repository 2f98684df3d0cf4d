namespace CrmSuite.DataverseEmulator.Plugins;

/// <summary>An image a step registered: its alias, 0 pre / 1 post / 2 both, and the columns it carries (none: all).</summary>
internal sealed record RegisteredImage(string Alias, int Type, IReadOnlyList<string> Attributes);

/// <summary>A webhook service endpoint: where to post, and how to authenticate (authtype 4 key, 5 header, 6 query string).</summary>
internal sealed record RegisteredEndpoint(Guid Id, string Name, Uri Url, int AuthType, string? AuthValue);

/// <summary>An enabled step on a webhook endpoint, as the pipeline matches it against a write.</summary>
internal sealed record RegisteredStep(
    Guid Id,
    string Name,
    string Message,
    string Table,
    int Stage,
    int Mode,
    int Rank,
    IReadOnlySet<string> FilteringAttributes,
    IReadOnlyList<RegisteredImage> Images,
    RegisteredEndpoint Endpoint);

/// <summary>One call the emulator made to a webhook: the step, the body it posted, the answer (0: no answer).</summary>
public sealed record PluginCall(string Step, string Url, string Body, int Status, bool Synchronous);
