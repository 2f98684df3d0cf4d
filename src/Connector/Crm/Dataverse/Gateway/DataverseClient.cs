using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace CrmSuite.Connector.Crm.Dataverse.Gateway;

/// <summary>
/// The gateway's requests to the Web API: the OData headers on every request, paging by <c>@odata.nextLink</c> used
/// unchanged, errors turned into <see cref="DataverseException"/> with the Dataverse code. Authentication, retries of
/// 429/5xx and the one cap on requests in flight (which follows the server's <c>x-ms-dop-hint</c>) belong to the handlers of
/// the <see cref="HttpClient"/> it is given.
/// </summary>
internal sealed class DataverseClient(HttpClient http, TimeProvider time)
{
    /// <summary>The service root, e.g. <c>https://org.crm.dynamics.com/api/data/v9.2/</c>.</summary>
    public Uri ServiceRoot => http.BaseAddress ?? throw new InvalidOperationException("The Dataverse HttpClient needs its BaseAddress set to the service root (…/api/data/v9.2/).");

    /// <summary>Requests sent so far (a benchmark reads it).</summary>
    public long Requests => Interlocked.Read(ref _requests);

    private long _requests;

    /// <summary>GETs one page; <paramref name="url"/> is relative to the service root or an absolute link the service returned.</summary>
    public async Task<JsonDocument> GetAsync(string url, string? prefer, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (prefer is not null)
        {
            request.Headers.TryAddWithoutValidation("Prefer", prefer);
        }

        using var response = await SendAsync(request, cancellationToken);
        await EnsureSuccessAsync(response, $"GET {Describe(url)}", cancellationToken);
        return await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), default, cancellationToken);
    }

    /// <summary>Reads a row by key; null when Dataverse answers 404.</summary>
    public async Task<JsonDocument?> GetOrNullAsync(string url, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        using var response = await SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        await EnsureSuccessAsync(response, $"GET {Describe(url)}", cancellationToken);
        return await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), default, cancellationToken);
    }

    /// <summary>
    /// Every page of a collection, following <c>@odata.nextLink</c> unchanged with the same <c>Prefer</c>; each page is handed
    /// to <paramref name="onPage"/>, which must not keep the document. Returns the <c>@odata.deltaLink</c> of the last page.
    /// </summary>
    public async Task<string?> ReadAllPagesAsync(string url, string prefer, Action<JsonElement> onPage, CancellationToken cancellationToken)
    {
        string? delta = null;
        await foreach (var page in ReadPagesAsync(url, prefer, cancellationToken))
        {
            onPage(page.Rows);
            delta = page.DeltaLink;
        }

        return delta;
    }

    /// <summary>
    /// The pages of a collection one at a time, following <c>@odata.nextLink</c> unchanged with the same <c>Prefer</c>. A page's
    /// rows are valid until the enumeration moves on: only one page is held at a time.
    /// </summary>
    public async IAsyncEnumerable<ReadPage> ReadPagesAsync(string url, string prefer, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? next = url;
        while (next is not null)
        {
            using var document = await GetAsync(next, prefer, cancellationToken);
            var root = document.RootElement;
            var rows = root.TryGetProperty("value", out var value) ? value : EmptyRows;
            var link = root.TryGetProperty("@odata.nextLink", out var n) ? n.GetString() : null;
            var delta = root.TryGetProperty("@odata.deltaLink", out var d) ? d.GetString() : null;
            yield return new ReadPage(next, rows, link, delta);
            next = link;
        }
    }

    private static readonly JsonElement EmptyRows = JsonDocument.Parse("[]").RootElement;

    /// <summary>PATCHes one row (an upsert or an update); returns the status and the row when asked for.</summary>
    public async Task<(HttpStatusCode Status, JsonDocument? Row, string? Error, string? Code)> PatchAsync(
        string url, byte[] body, string? ifMatch, string? ifNoneMatch, bool returnRow, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, url) { Content = Json(body) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        if (ifNoneMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        }

        if (returnRow)
        {
            request.Headers.TryAddWithoutValidation("Prefer", "return=representation");
        }

        using var response = await SendAsync(request, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            var row = returnRow && response.StatusCode != HttpStatusCode.NoContent
                ? await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), default, cancellationToken)
                : null;
            return (response.StatusCode, row, null, null);
        }

        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        var (code, message) = DataverseErrors.Parse(text);
        return (response.StatusCode, null, message, code);
    }

    /// <summary>Sends one <c>$batch</c> and returns one result per operation, in order.</summary>
    public async Task<IReadOnlyList<BatchResult>> BatchAsync(IReadOnlyList<BatchOperation> operations, bool continueOnError, bool changeSet, CancellationToken cancellationToken)
    {
        var boundary = "batch_" + Guid.NewGuid().ToString("N");
        var body = DataverseBatch.Write(ServiceRoot, boundary, operations, changeSet);
        using var request = new HttpRequestMessage(HttpMethod.Post, "$batch") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/mixed; boundary={boundary}");
        if (continueOnError)
        {
            request.Headers.TryAddWithoutValidation("Prefer", "odata.continue-on-error");
        }

        using var response = await SendAsync(request, cancellationToken);
        var contentType = response.Content.Headers.ContentType;

        // A batch whose change set failed may answer with that failure's status and still carry the multipart answer.
        if (contentType?.MediaType?.Equals("multipart/mixed", StringComparison.OrdinalIgnoreCase) != true)
        {
            await EnsureSuccessAsync(response, $"POST $batch of {operations.Count} operation(s)", cancellationToken);
        }

        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return DataverseBatch.Read(contentType, text, operations.Count);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.TryAddWithoutValidation("OData-MaxVersion", "4.0");
        request.Headers.TryAddWithoutValidation("OData-Version", "4.0");
        Interlocked.Increment(ref _requests);
        return await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
    }

    private static ByteArrayContent Json(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json; charset=utf-8");
        return content;
    }

    private async Task EnsureSuccessAsync(HttpResponseMessage response, string request, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        throw await DataverseException.FromResponseAsync(response, request, time, cancellationToken);
    }

    // A link the service returned is absolute and long; messages name its path and query start only.
    private static string Describe(string url) => url.Length <= 200 ? url : url[..200] + "…";
}

/// <summary>One page of a collection: the URL that read it, its rows, and the links it ended with.</summary>
internal readonly record struct ReadPage(string Url, JsonElement Rows, string? NextLink, string? DeltaLink);
