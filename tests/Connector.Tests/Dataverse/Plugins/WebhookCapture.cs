using System.Collections.Concurrent;
using CrmSuite.Connector.Tests.Crm.Dataverse.Support;
using Microsoft.AspNetCore.Http;

namespace CrmSuite.Connector.Tests.Dataverse.Plugins;

/// <summary>A webhook receiver on loopback that records every call and answers with the status a test sets.</summary>
internal sealed class WebhookCapture : IAsyncDisposable
{
    private readonly ConcurrentQueue<CapturedCall> _calls = new();
    private LoopbackServer? _server;

    public sealed record CapturedCall(string Path, string Query, IReadOnlyDictionary<string, string> Headers, string Body);

    /// <summary>What the receiver answers from now on.</summary>
    public int Status { get; set; } = 200;

    public Uri Address => _server!.Address;

    public IReadOnlyList<CapturedCall> Calls => [.. _calls];

    public static async Task<WebhookCapture> StartAsync()
    {
        var capture = new WebhookCapture();
        capture._server = await LoopbackServer.StartAsync(capture.HandleAsync);
        return capture;
    }

    private async Task HandleAsync(HttpContext http)
    {
        using var reader = new StreamReader(http.Request.Body);
        var body = await reader.ReadToEndAsync();
        _calls.Enqueue(new CapturedCall(http.Request.Path, http.Request.QueryString.Value ?? "",
            http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), body));
        http.Response.StatusCode = Status;
    }

    public ValueTask DisposeAsync() => _server?.DisposeAsync() ?? ValueTask.CompletedTask;
}
