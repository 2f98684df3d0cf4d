using System.Net;
using System.Text;
using System.Threading.Channels;
using System.Xml.Linq;
using CrmSuite.DataverseEmulator.Http;
using CrmSuite.DataverseEmulator.Store;

namespace CrmSuite.DataverseEmulator.Plugins;

/// <summary>
/// Calls the registered webhook steps when rows change (through the Web API or a test hook), as Dataverse's event pipeline
/// does (use-webhooks.md, register-web-hook.md): a step fires for its message on its table, an Update step only when the
/// write sets one of its filtering attributes. Synchronous steps (pre-validation, pre-operation) are called before the write,
/// inside it: a non-2xx answer cancels the write with a plugin error (400, 0x80040265). Asynchronous steps are posted after
/// commit, one at a time, by a background sender (a change set's wait for its commit and are dropped on rollback).
/// A 502, 503 or 504 gets exactly one more attempt. Bodies over 256 KB are stripped of the input parameters and images and
/// carry <c>x-ms-dynamics-msg-size-exceeded</c>.
/// </summary>
internal sealed class PluginPipeline : IWriteObserver, IAsyncDisposable
{
    /// <summary>Documented (compose-http-requests-handle-errors.md): a plugin failed the operation (IsvAborted).</summary>
    public const string PluginFailed = "0x80040265";

    private const int SizeLimit = 256 * 1024;
    private static readonly string[] RegistrationTables =
        ["serviceendpoint", "sdkmessage", "sdkmessagefilter", "sdkmessageprocessingstep", "sdkmessageprocessingstepimage"];

    private readonly EmulatorContext _context;
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseCookies = false }) { Timeout = TimeSpan.FromSeconds(60) };
    private readonly Dictionary<Guid, string> _authValues = [];
    private readonly List<StepEvent> _uncommitted = [];
    private readonly Channel<StepEvent> _queue = Channel.CreateUnbounded<StepEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly List<PluginCall> _calls = [];
    private readonly Dictionary<Guid, int> _depths = [];
    private readonly Task _sender;
    private readonly CancellationTokenSource _stopping = new();
    private IReadOnlyList<RegisteredStep>? _steps;
    private int _outstanding;
    private TaskCompletionSource _idle = CompletedIdle();

    public PluginPipeline(EmulatorContext context)
    {
        _context = context;
        _sender = Task.Run(SendAsync);
    }

    /// <summary>The calls made so far, in order.</summary>
    public IReadOnlyList<PluginCall> Calls
    {
        get
        {
            lock (_calls)
            {
                return [.. _calls];
            }
        }
    }

    /// <summary>Completes when every asynchronous call queued so far has been answered.</summary>
    public Task IdleAsync()
    {
        lock (_calls)
        {
            return _idle.Task;
        }
    }

    public IReadOnlyDictionary<string, object?> Before(RowWrite write)
    {
        var table = write.Table.Definition.LogicalName;
        if (RegistrationTables.Contains(table))
        {
            _steps = null;
            return table == "serviceendpoint" ? KeepSecret(write) : write.Changes;
        }

        foreach (var step in Matching(write).Where(s => s.Stage < 40 && s.Mode == 0))
        {
            CallSynchronously(Event(step, write, null));
        }

        return write.Changes;
    }

    public void After(RowWrite write, Row? stored)
    {
        foreach (var step in Matching(write).Where(s => s.Stage == 40))
        {
            var e = Event(step, write, stored);
            if (step.Mode == 0)
            {
                CallSynchronously(e);
            }
            else if (_context.Store.InTransaction)
            {
                _uncommitted.Add(e);
            }
            else
            {
                Enqueue(e);
            }
        }
    }

    public void Committed()
    {
        foreach (var e in _uncommitted)
        {
            Enqueue(e);
        }

        _uncommitted.Clear();
    }

    public void RolledBack()
    {
        _uncommitted.Clear();
        _steps = null;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _stopping.CancelAsync();
        try
        {
            await _sender;
        }
        catch (OperationCanceledException)
        {
            // Stopped with calls still queued: the organisation is going away.
        }

        _http.Dispose();
        _stopping.Dispose();
    }

    // authvalue is not valid for read (reference/entities/serviceendpoint.md): kept aside, the row says only IsAuthValueSet.
    private Dictionary<string, object?> KeepSecret(RowWrite write)
    {
        var changes = new Dictionary<string, object?>(write.Changes, StringComparer.Ordinal);
        if (changes.Remove("authvalue", out var secret))
        {
            _authValues[write.Id] = secret as string ?? "";
            changes["isauthvalueset"] = secret is string { Length: > 0 };
        }

        return changes;
    }

    // Depth (RemoteExecutionContext.Depth, "Every time a running plug-in or Workflow issues a message request to the Web
    // services that triggers another plug-in or Workflow to execute, the Depth property of the execution context is
    // increased"): a write whose request carries the correlation id of a call this organisation made is that plugin's own
    // request, so what it triggers keeps the correlation id and runs one level deeper than the deepest call made with it.
    // Runs under the store's lock, as the map does.
    private StepEvent Event(RegisteredStep step, RowWrite write, Row? stored)
    {
        var (correlation, depth) = Guid.TryParse(_context.CallerCorrelation, out var caller) && _depths.TryGetValue(caller, out var callerDepth)
            ? (caller, callerDepth + 1)
            : (Guid.NewGuid(), 1);
        _depths[correlation] = Math.Max(depth, _depths.GetValueOrDefault(correlation));
        return new(step, write, stored, Guid.NewGuid(), correlation, _context.Options.ApplicationUserId, _context.Store.Now, depth);
    }

    private IEnumerable<RegisteredStep> Matching(RowWrite write)
    {
        var steps = _steps ??= Load();
        if (steps.Count == 0)
        {
            return [];
        }

        var table = write.Table.Definition.LogicalName;
        return steps
            .Where(s => s.Table == table && s.Message == write.Message)
            .Where(s => write.Message != "Update" || s.FilteringAttributes.Count == 0 || s.FilteringAttributes.Overlaps(write.Changes.Keys))
            .OrderBy(s => s.Stage).ThenBy(s => s.Rank).ThenBy(s => s.Name, StringComparer.Ordinal)
            .ToList();
    }

    private List<RegisteredStep> Load()
    {
        var store = _context.Store;
        var endpoints = store.Require("serviceendpoint").Rows
            .Where(r => r["contract"] as int? == 8 && Uri.TryCreate(r["url"] as string, UriKind.Absolute, out _))
            .ToDictionary(r => r.Id, r => new RegisteredEndpoint(r.Id, r["name"] as string ?? "", new Uri((string)r["url"]!), r["authtype"] as int? ?? 0, _authValues.GetValueOrDefault(r.Id)));
        var messages = store.Require("sdkmessage").Rows.ToDictionary(r => r.Id, r => r["name"] as string ?? "");
        var filters = store.Require("sdkmessagefilter").Rows.ToDictionary(r => r.Id, r => r["primaryobjecttypecode"] as string ?? "");
        var images = store.Require("sdkmessageprocessingstepimage").Rows
            .Where(r => r["sdkmessageprocessingstepid"] is EntityReference)
            .ToLookup(r => ((EntityReference)r["sdkmessageprocessingstepid"]!).Id, r => new RegisteredImage(
                r["entityalias"] as string ?? "", r["imagetype"] as int? ?? 0, Columns(r["attributes"] as string).ToList()));
        var steps = new List<RegisteredStep>();
        foreach (var row in store.Require("sdkmessageprocessingstep").Rows.Where(r => r["statecode"] as int? == 0))
        {
            if (row["eventhandler"] is EntityReference { Table: "serviceendpoint" } handler && endpoints.TryGetValue(handler.Id, out var endpoint)
                && row["sdkmessageid"] is EntityReference message && messages.TryGetValue(message.Id, out var messageName)
                && row["sdkmessagefilterid"] is EntityReference filter && filters.TryGetValue(filter.Id, out var table))
            {
                steps.Add(new RegisteredStep(row.Id, row["name"] as string ?? "", messageName, table, row["stage"] as int? ?? 40, row["mode"] as int? ?? 1,
                    row["rank"] as int? ?? 1, Columns(row["filteringattributes"] as string).ToHashSet(StringComparer.Ordinal), [.. images[row.Id]], endpoint));
            }
        }

        return steps;
    }

    private static IEnumerable<string> Columns(string? list) =>
        (list ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(c => c.ToLowerInvariant());

    private void Enqueue(StepEvent e)
    {
        lock (_calls)
        {
            if (_outstanding++ == 0)
            {
                _idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }

        _queue.Writer.TryWrite(e);
    }

    private async Task SendAsync()
    {
        await foreach (var e in _queue.Reader.ReadAllAsync(_stopping.Token))
        {
            try
            {
                var request = Request(e);
                await PostAsync(e, request, synchronous: false, _stopping.Token);
            }
            finally
            {
                lock (_calls)
                {
                    if (--_outstanding == 0)
                    {
                        _idle.TrySetResult();
                    }
                }
            }
        }
    }

    // Runs under the store's lock, inside the user's request: the operation waits for the answer, as in Dataverse.
    private void CallSynchronously(StepEvent e)
    {
        var request = Request(e);
        var status = PostAsync(e, request, synchronous: true, CancellationToken.None).GetAwaiter().GetResult();
        if (status is < 200 or >= 300)
        {
            throw new DataverseException(400, PluginFailed,
                $"The webhook step '{e.Step.Name}' failed the {e.Write.Message} of {e.Write.Table.Definition.LogicalName} {e.Write.Id:D}: "
                + (status == 0 ? $"its service endpoint {e.Step.Endpoint.Name} could not be reached." : $"its service endpoint {e.Step.Endpoint.Name} answered {status}."));
        }
    }

    private (Uri Url, byte[] Body, bool Stripped, Dictionary<string, string> Headers) Request(StepEvent e)
    {
        var organization = _context.ServiceRoot.Host;
        var body = ExecutionContextJson.Write(e, _context.Options, organization, stripped: false);
        var stripped = body.Length > SizeLimit;
        if (stripped)
        {
            body = ExecutionContextJson.Write(e, _context.Options, organization, stripped: true);
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["x-ms-dynamics-organization"] = organization,
            ["x-ms-dynamics-entity-name"] = e.Write.Table.Definition.LogicalName,
            ["x-ms-dynamics-request-name"] = e.Write.Message,
            ["x-ms-correlation-request-id"] = e.CorrelationId.ToString("D"),
        };
        if (stripped)
        {
            headers["x-ms-dynamics-msg-size-exceeded"] = "true";
        }

        var url = e.Step.Endpoint.Url.ToString();
        var secret = e.Step.Endpoint.AuthValue ?? "";
        switch (e.Step.Endpoint.AuthType)
        {
            case 4:
                url += (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "code=" + Uri.EscapeDataString(secret);
                break;
            case 5:
                foreach (var (name, value) in Settings(secret))
                {
                    headers[name] = value;
                }

                break;
            case 6:
                url += (url.Contains('?', StringComparison.Ordinal) ? "&" : "?")
                    + string.Join('&', Settings(secret).Select(p => $"{Uri.EscapeDataString(p.Name)}={Uri.EscapeDataString(p.Value)}"));
                break;
        }

        return (new Uri(url), body, stripped, headers);
    }

    // HttpHeader and HttpQueryString endpoints keep their pairs as <settings><setting name="…" value="…" /></settings>.
    private static IEnumerable<(string Name, string Value)> Settings(string authValue)
    {
        try
        {
            return [.. XElement.Parse(authValue).Elements("setting").Select(s => ((string?)s.Attribute("name") ?? "", (string?)s.Attribute("value") ?? ""))];
        }
        catch (System.Xml.XmlException)
        {
            return [];
        }
    }

    private async Task<int> PostAsync(StepEvent e, (Uri Url, byte[] Body, bool Stripped, Dictionary<string, string> Headers) request, bool synchronous, CancellationToken cancellationToken)
    {
        var status = 0;
        for (var attempt = 0; attempt < 2; attempt++)
        {
            using var message = new HttpRequestMessage(HttpMethod.Post, request.Url) { Content = new ByteArrayContent(request.Body) };
            message.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            foreach (var (name, value) in request.Headers)
            {
                message.Headers.TryAddWithoutValidation(name, value);
            }

            try
            {
                using var response = synchronous ? _http.Send(message, cancellationToken) : await _http.SendAsync(message, cancellationToken);
                status = (int)response.StatusCode;
            }
            catch (HttpRequestException)
            {
                status = 0;
            }

            lock (_calls)
            {
                _calls.Add(new PluginCall(e.Step.Name, request.Url.GetLeftPart(UriPartial.Path), Encoding.UTF8.GetString(request.Body), status, synchronous));
            }

            // Only a gateway error earns the one more attempt the documentation promises.
            if (status is not ((int)HttpStatusCode.BadGateway or (int)HttpStatusCode.ServiceUnavailable or (int)HttpStatusCode.GatewayTimeout))
            {
                break;
            }
        }

        return status;
    }

    private static TaskCompletionSource CompletedIdle()
    {
        var idle = new TaskCompletionSource();
        idle.SetResult();
        return idle;
    }
}
