using System.Globalization;
using System.Net;
using System.Text;
using CrmSuite.DataverseEmulator.Faults;
using CrmSuite.DataverseEmulator.Http;

namespace CrmSuite.DataverseEmulator.Batch;

/// <summary>
/// POST $batch: multipart/mixed of application/http requests and change sets. Requests run in order; a change set
/// runs as one transaction; the first failure stops the batch unless Prefer: odata.continue-on-error.
/// </summary>
internal sealed class BatchHandler(EmulatorContext context, Dispatcher dispatcher)
{
    public const int MaxOperations = 1000;

    public (EmulatorResponse Response, int Operations) Handle(EmulatorRequest request)
    {
        List<BatchItem> items;
        try
        {
            if (request.Method != "POST")
            {
                throw new DataverseException(405, ErrorCodes.QueryError, "$batch accepts POST only.");
            }
            items = Parse(request);
        }
        catch (DataverseException e)
        {
            return (EmulatorResponse.Error(e), 0);
        }
        var operations = items.Sum(i => i.Operations.Count);
        if (context.Faults.ExecutionTimeLimitBatchSize is int limit && operations > limit)
        {
            return (FaultInjector.Throttled(ThrottleLimit.ExecutionTime, context.Faults.ExecutionTimeRetryAfter), operations);
        }
        var continueOnError = request.Prefer.ContinueOnError;
        var boundary = $"batchresponse_{Guid.NewGuid():D}";
        var body = new StringBuilder();
        var status = 200;
        foreach (var item in items)
        {
            var correlation = request.Header(EmulatorContext.CorrelationHeader);
            var failed = item.IsChangeSet ? RunChangeSet(item, body, boundary, correlation) : RunSingle(item.Operations[0], body, boundary, correlation);
            if (failed is int failure && !continueOnError)
            {
                status = failure;
                break;
            }
        }
        body.Append("--").Append(boundary).Append("--\r\n");
        var response = EmulatorResponse.Content(status, $"multipart/mixed; boundary={boundary}", Encoding.UTF8.GetBytes(body.ToString()));
        if (continueOnError)
        {
            response.Headers["Preference-Applied"] = "odata.continue-on-error";
        }
        return (response, operations);
    }

    private int? RunSingle(BatchOperation operation, StringBuilder body, string boundary, string? correlation)
    {
        EmulatorResponse response;
        lock (context.Store.Gate)
        {
            response = context.AsCaller(correlation, () => Execute(operation, null, out _));
        }
        AppendPart(body, boundary, null, response);
        return response.Status >= 400 ? response.Status : null;
    }

    private int? RunChangeSet(BatchItem item, StringBuilder body, string boundary, string? correlation)
    {
        var responses = new List<(string? ContentId, EmulatorResponse Response)>();
        lock (context.Store.Gate)
        {
            var contentIds = new Dictionary<string, string>(StringComparer.Ordinal);
            context.AsCaller(correlation, () => context.Store.Atomically(() =>
            {
                foreach (var operation in item.Operations)
                {
                    var response = Execute(operation, contentIds, out var failed);
                    responses.Add((operation.ContentId, response));
                    if (failed)
                    {
                        return false;
                    }
                    if (operation.ContentId is not null && response.Headers.TryGetValue("OData-EntityId", out var entityId))
                    {
                        contentIds[operation.ContentId] = entityId;
                    }
                }
                return true;
            }, succeeded => succeeded));
        }
        var (failedId, failure) = responses[^1];
        if (failure.Status >= 400)
        {
            // A failed change set answers with the single failing response; nothing of it was written.
            AppendPart(body, boundary, failedId, failure);
            return failure.Status;
        }
        var changeSetBoundary = $"changesetresponse_{Guid.NewGuid():D}";
        body.Append("--").Append(boundary).Append("\r\nContent-Type: multipart/mixed; boundary=").Append(changeSetBoundary).Append("\r\n\r\n");
        foreach (var (contentId, response) in responses)
        {
            AppendPart(body, changeSetBoundary, contentId, response);
        }
        body.Append("--").Append(changeSetBoundary).Append("--\r\n");
        return null;
    }

    private EmulatorResponse Execute(BatchOperation operation, Dictionary<string, string>? contentIds, out bool failed)
    {
        EmulatorResponse response;
        try
        {
            var url = ResolveUrl(operation.Url, contentIds);
            if (context.Faults.BatchItem(url + "\n" + operation.Body) is { } injected)
            {
                throw injected;
            }
            var request = new EmulatorRequest(operation.Method, url, operation.Headers, Encoding.UTF8.GetBytes(operation.Body));
            if (dispatcher.RelativePath(url) == "$batch")
            {
                throw MultipartReader.Malformed("A batch cannot contain another batch.");
            }
            response = dispatcher.Route(request, contentIds);
        }
        catch (DataverseException e)
        {
            response = EmulatorResponse.Error(e);
        }
        if (response.Headers.TryGetValue("OData-EntityId", out var location))
        {
            response.Headers["Location"] = location;
        }
        failed = response.Status >= 400;
        return response;
    }

    private Uri ResolveUrl(string url, Dictionary<string, string>? contentIds)
    {
        if (url.StartsWith('$'))
        {
            var end = url.IndexOfAny(['/', '?']);
            var id = end < 0 ? url[1..] : url[1..end];
            if (contentIds is null || !contentIds.TryGetValue(id, out var referenced))
            {
                throw new DataverseException(400, ErrorCodes.QueryError, $"Content-ID Reference: '${id}' does not exist in the batch context.");
            }
            url = referenced + (end < 0 ? "" : url[end..]);
        }
        return dispatcher.Absolute(url);
    }

    private static void AppendPart(StringBuilder body, string boundary, string? contentId, EmulatorResponse response)
    {
        body.Append("--").Append(boundary).Append("\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n");
        if (contentId is not null)
        {
            body.Append("Content-ID: ").Append(contentId).Append("\r\n");
        }
        body.Append("\r\nHTTP/1.1 ").Append(response.Status.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(Reason(response.Status)).Append("\r\n");
        foreach (var (name, value) in response.Headers)
        {
            body.Append(name).Append(": ").Append(value).Append("\r\n");
        }
        body.Append("\r\n");
        if (response.Body.Length > 0)
        {
            body.Append(response.BodyText);
        }
        body.Append("\r\n");
    }

    private static string Reason(int status) => status switch
    {
        200 => "OK",
        204 => "No Content",
        412 => "Precondition Failed",
        429 => "Too Many Requests",
        _ => Enum.IsDefined(typeof(HttpStatusCode), status) ? string.Concat(((HttpStatusCode)status).ToString().Select((c, i) => i > 0 && char.IsUpper(c) ? " " + c : c.ToString())) : "Status",
    };

    private static List<BatchItem> Parse(EmulatorRequest request)
    {
        var boundary = MultipartReader.Boundary(request.Header("Content-Type"));
        var items = new List<BatchItem>();
        foreach (var part in MultipartReader.Parts(Encoding.UTF8.GetString(request.Body), boundary))
        {
            if (part.ContentType.StartsWith("multipart/mixed", StringComparison.OrdinalIgnoreCase))
            {
                var operations = new List<BatchOperation>();
                var declared = new HashSet<string>(StringComparer.Ordinal);
                foreach (var inner in MultipartReader.Parts(part.Content, MultipartReader.Boundary(part.ContentType)))
                {
                    var operation = Operation(inner, inChangeSet: true);
                    if (operation.ContentId is null || !declared.Add(operation.ContentId))
                    {
                        throw MultipartReader.Malformed("Every request in a change set needs a Content-ID header unique within the change set.");
                    }
                    operations.Add(operation);
                }
                items.Add(new BatchItem(true, operations));
            }
            else
            {
                items.Add(new BatchItem(false, [Operation(part, inChangeSet: false)]));
            }
        }
        var count = items.Sum(i => i.Operations.Count);
        if (count > MaxOperations)
        {
            throw new DataverseException(400, ErrorCodes.QueryError, $"The number of requests in a batch is limited to {MaxOperations}; this batch has {count}.");
        }
        return items;
    }

    private static BatchOperation Operation(MimePart part, bool inChangeSet)
    {
        if (part.ContentType.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase))
        {
            throw MultipartReader.Malformed("A change set cannot contain another change set or batch.");
        }
        if (!part.ContentType.StartsWith("application/http", StringComparison.OrdinalIgnoreCase))
        {
            throw MultipartReader.Malformed($"Each batch part needs Content-Type: application/http (it had '{part.ContentType}').");
        }
        var lines = part.Content.Split('\n');
        var requestLine = lines[0].Trim().Split(' ');
        if (requestLine.Length != 3 || !requestLine[2].StartsWith("HTTP/", StringComparison.Ordinal)
            || requestLine[0] is not ("GET" or "POST" or "PATCH" or "PUT" or "DELETE"))
        {
            throw MultipartReader.Malformed($"The request line '{lines[0].Trim()}' is not 'METHOD URL HTTP/1.1'.");
        }
        if (inChangeSet && requestLine[0] == "GET")
        {
            throw MultipartReader.Malformed("GET requests are not allowed in a change set.");
        }
        var (headers, body) = MultipartReader.Headers(lines.Skip(1).ToList());
        return new BatchOperation(requestLine[0], requestLine[1], headers, body, part.Headers.GetValueOrDefault("Content-ID"));
    }

    private sealed record BatchItem(bool IsChangeSet, List<BatchOperation> Operations);

    private sealed record BatchOperation(string Method, string Url, IReadOnlyDictionary<string, string> Headers, string Body, string? ContentId);
}
