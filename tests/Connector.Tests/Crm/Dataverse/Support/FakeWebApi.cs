using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;

namespace CrmSuite.Connector.Tests.Crm.Dataverse.Support;

/// <summary>
/// A loopback HTTP server standing in for an environment's Web API: records every request (with the time of the
/// connector's clock) and answers with the test's <see cref="Respond"/>.
/// </summary>
internal sealed class FakeWebApi : IAsyncDisposable
{
    private readonly ConcurrentQueue<Received> _requests = new();
    private readonly TimeProvider _time;

    private FakeWebApi(TimeProvider time) => _time = time;

    public sealed record Received(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, string Body, DateTimeOffset At);

    public LoopbackServer Server { get; private set; } = null!;

    /// <summary>The environment URL a connection string names (the server's root).</summary>
    public Uri Url => Server.Address;

    public IReadOnlyList<Received> Requests => [.. _requests];

    /// <summary>Answers a request; the default answers 200 with an empty JSON object.</summary>
    public Func<HttpContext, Received, Task> Respond { get; set; } = (context, _) => context.Response.WriteAsync("{}");

    public static async Task<FakeWebApi> StartAsync(TimeProvider time)
    {
        var api = new FakeWebApi(time);
        api.Server = await LoopbackServer.StartAsync(api.HandleAsync);
        return api;
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var received = new Received(
            context.Request.Method,
            context.Request.Path + context.Request.QueryString,
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            await reader.ReadToEndAsync(),
            _time.GetUtcNow());
        _requests.Enqueue(received);
        context.Response.ContentType = "application/json; odata.metadata=minimal";
        await Respond(context, received);
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
