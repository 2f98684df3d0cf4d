namespace CrmSuite.Connector.Crm.Dataverse.Connection;

/// <summary>
/// The correlation id of the webhook event the connector is handling, for the asynchronous flow that handles it. Every Web API
/// request made meanwhile carries it as <c>x-ms-correlation-request-id</c>, the header Dataverse sends on each webhook call and
/// uses "for infinite loop prevention" (use-webhooks.md): the steps those requests trigger are the plugin's own consequences and
/// arrive one level deeper (<c>Depth</c> 2), which the handlers' recursion guard ignores (docs/plugins.md, "Recursion guard").
/// </summary>
internal static class DataverseCorrelation
{
    public const string Header = "x-ms-correlation-request-id";

    // Flows with the handling's async calls and no further: another request's flow never sees it.
    private static readonly AsyncLocal<string?> Current = new();

    /// <summary>The correlation id of the event being handled in this flow, if any.</summary>
    public static string? Id => Current.Value;

    /// <summary>Marks this flow as handling the event with <paramref name="correlationId"/> until the result is disposed.</summary>
    public static IDisposable Begin(string? correlationId)
    {
        var previous = Current.Value;
        Current.Value = string.IsNullOrEmpty(correlationId) ? null : correlationId;
        return new Scope(previous);
    }

    private sealed class Scope(string? previous) : IDisposable
    {
        public void Dispose() => Current.Value = previous;
    }
}
