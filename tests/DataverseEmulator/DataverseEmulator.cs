using System.Collections.Concurrent;
using CrmSuite.DataverseEmulator.Batch;
using CrmSuite.DataverseEmulator.Faults;
using CrmSuite.DataverseEmulator.Http;
using CrmSuite.DataverseEmulator.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CrmSuite.DataverseEmulator;

/// <summary>
/// A Dataverse Web API v9.2 organisation on 127.0.0.1 inside the test process, all state in memory.
/// <code>await using var dv = await DataverseEmulator.StartAsync(new EmulatorOptions());</code>
/// </summary>
public sealed partial class DataverseEmulator : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly EmulatorContext context;
    private readonly Dispatcher dispatcher;
    private readonly BatchHandler batch;
    private readonly ConcurrentQueue<LoggedRequest> log = new();
    private readonly Plugins.PluginPipeline pipeline;

    private DataverseEmulator(WebApplication app, EmulatorContext context)
    {
        this.app = app;
        this.context = context;
        dispatcher = new Dispatcher(context);
        batch = new BatchHandler(context, dispatcher);
        pipeline = new Plugins.PluginPipeline(context);
        context.Store.Observer = pipeline;
    }

    /// <summary>The service root, <c>http://127.0.0.1:PORT/api/data/v9.2/</c>.</summary>
    public Uri ServiceRoot => context.ServiceRoot;

    /// <summary>The organisation URL a connection string names (<c>Url=http://127.0.0.1:PORT</c>).</summary>
    public Uri OrganizationUrl => new(ServiceRoot.GetLeftPart(UriPartial.Authority));

    public EmulatorOptions Options => context.Options;

    /// <summary>Faults to inject into the next requests.</summary>
    public FaultInjector Faults => context.Faults;

    /// <summary>The top-level requests answered so far, in order.</summary>
    public IReadOnlyList<LoggedRequest> Requests => log.ToArray();

    public static async Task<DataverseEmulator> StartAsync(EmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new EmulatorOptions();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        var app = builder.Build();
        var context = new EmulatorContext(new OrgStore(options.Time), options, new FaultInjector());
        var emulator = new DataverseEmulator(app, context);
        app.Run(emulator.ServeAsync);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        context.ServiceRoot = new Uri(new Uri(address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal)), "/api/data/v9.2/");
        emulator.SeedApplicationUser();
        emulator.SeedPluginMessages();
        return emulator;
    }

    /// <summary>Forgets the request log (e.g. after arranging, before the step a test measures).</summary>
    public void ClearRequestLog() => log.Clear();

    public async ValueTask DisposeAsync()
    {
        await pipeline.DisposeAsync();
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private async Task ServeAsync(HttpContext http)
    {
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
        var headers = http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var url = new Uri(ServiceRoot.GetLeftPart(UriPartial.Authority) + http.Request.Path.ToUriComponent() + http.Request.QueryString.ToUriComponent());
        var request = new EmulatorRequest(http.Request.Method, url, headers, buffer.ToArray());
        if (Faults.Latency > TimeSpan.Zero)
        {
            await Task.Delay(Faults.Latency, http.RequestAborted);
        }
        var answering = System.Diagnostics.Stopwatch.StartNew();
        var (response, operations) = Answer(request);
        if (Faults.DegreeOfParallelismHint is int hint)
        {
            response.Headers["x-ms-dop-hint"] = hint.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        log.Enqueue(new LoggedRequest(request.Method, url.ToString(), headers, request.Body.Length, response.Status, operations, answering.Elapsed));
        http.Response.StatusCode = response.Status;
        foreach (var (name, value) in response.Headers)
        {
            http.Response.Headers[name] = value;
        }
        if (response.Body.Length > 0)
        {
            await http.Response.Body.WriteAsync(response.Body, http.RequestAborted);
        }
    }

    private (EmulatorResponse Response, int Operations) Answer(EmulatorRequest request)
    {
        if (Faults.TopLevel() is { } injected)
        {
            return (injected, 0);
        }
        string relative;
        try
        {
            relative = dispatcher.RelativePath(request.Url);
        }
        catch (DataverseException e)
        {
            return (EmulatorResponse.Error(e), 0);
        }
        if (HeaderRules.Check(request, Options, relative == "$metadata") is { } rejected)
        {
            return (rejected, 0);
        }
        if (relative == "$batch")
        {
            return batch.Handle(request);
        }
        lock (context.Store.Gate)
        {
            return (context.AsCaller(request.Header(EmulatorContext.CorrelationHeader), () => dispatcher.Handle(request)), 0);
        }
    }
}
