using System.Net;
using System.Text;

namespace CrmSuite.Connector.Tests.Crm.Dataverse;

/// <summary>A request the gateway sent: method, URL, headers and body as text.</summary>
internal sealed record SentRequest(string Method, string Url, Dictionary<string, string> Headers, string Body)
{
    public string? Header(string name) => Headers.GetValueOrDefault(name);
}

/// <summary>
/// Records every request the gateway sends and answers it with <see cref="Respond"/>: enough to check request shapes before
/// a whole emulator is involved. Answers are written in the documented wire format.
/// </summary>
internal sealed class RecordingHandler(Func<SentRequest, HttpResponseMessage> respond) : HttpMessageHandler
{
    public const string Root = "https://org.crm.dynamics.com/api/data/v9.2/";

    private readonly List<SentRequest> _sent = [];

    public IReadOnlyList<SentRequest> Sent
    {
        get
        {
            lock (_sent)
            {
                return [.. _sent];
            }
        }
    }

    public HttpClient Client() => new(this) { BaseAddress = new Uri(Root) };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var headers = request.Headers.ToDictionary(h => h.Key, h => string.Join(", ", h.Value), StringComparer.OrdinalIgnoreCase);
        var body = "";
        if (request.Content is not null)
        {
            foreach (var h in request.Content.Headers)
            {
                headers[h.Key] = string.Join(", ", h.Value);
            }

            body = await request.Content.ReadAsStringAsync(cancellationToken);
        }

        var sent = new SentRequest(request.Method.Method, Uri.UnescapeDataString(request.RequestUri!.ToString()), headers, body);
        lock (_sent)
        {
            _sent.Add(sent);
        }

        return respond(sent);
    }

    public static HttpResponseMessage Json(string json, HttpStatusCode status = HttpStatusCode.OK) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    public static HttpResponseMessage Error(HttpStatusCode status, string code, string message) =>
        Json("{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}}", status);

    /// <summary>A $batch response: one application/http part per (status, JSON body).</summary>
    public static HttpResponseMessage Batch(params (int Status, string Body)[] parts)
    {
        var text = new StringBuilder();
        foreach (var (status, body) in parts)
        {
            text.Append("--batchresponse_1\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n")
                .Append($"HTTP/1.1 {status} {(HttpStatusCode)status}\r\nContent-Type: application/json; odata.metadata=minimal\r\nOData-Version: 4.0\r\n\r\n")
                .Append(body).Append("\r\n");
        }

        text.Append("--batchresponse_1--\r\n");
        var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(text.ToString(), Encoding.UTF8) };
        response.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("multipart/mixed; boundary=batchresponse_1");
        return response;
    }

    /// <summary>The operations inside a $batch request body: request lines with their headers and body.</summary>
    public static List<string> Operations(SentRequest batch)
    {
        var boundary = batch.Header("Content-Type")!.Split("boundary=")[1].Trim();
        return [.. batch.Body.Split("--" + boundary).Select(p => Uri.UnescapeDataString(p.Trim())).Where(p => p.Length > 0 && p != "--")];
    }
}
