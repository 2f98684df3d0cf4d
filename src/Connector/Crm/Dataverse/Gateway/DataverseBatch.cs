using System.Net.Http.Headers;
using System.Text;

namespace CrmSuite.Connector.Crm.Dataverse.Gateway;

/// <summary>One request inside a <c>$batch</c>: a method, a URL relative to the service root, optional JSON and preconditions.</summary>
/// <param name="Label">What the operation writes, for reports (a task key, a stage key).</param>
/// <param name="Done">A status that means the write has nothing to do (412 for a create-only upsert of a row that exists).</param>
internal sealed record BatchOperation(
    string Method, string Url, byte[]? Body, string Label, string? IfMatch = null, string? IfNoneMatch = null, string? Prefer = null, int Done = 0)
{
    public bool Accepts(BatchResult result) => result.Succeeded || (Done != 0 && result.Status == Done);
}

/// <summary>What Dataverse answered to one operation of a batch; <see cref="Status"/> 0 when it was not run.</summary>
internal sealed record BatchResult(int Status, string Body)
{
    public bool Succeeded => Status is >= 200 and < 300;

    public (string Code, string Message) Error => DataverseErrors.Parse(Body);
}

/// <summary>
/// The multipart/mixed body of a <c>$batch</c> request and the parts of its response ("Execute batch operations using the
/// Web API"): one <c>application/http</c> part per operation, or all of them inside one change set (one transaction).
/// </summary>
internal static class DataverseBatch
{
    private const string Crlf = "\r\n";

    public static byte[] Write(Uri serviceRoot, string boundary, IReadOnlyList<BatchOperation> operations, bool changeSet)
    {
        var text = new StringBuilder(operations.Count * 512);
        if (changeSet)
        {
            var set = "changeset_" + Guid.NewGuid().ToString("N");
            text.Append("--").Append(boundary).Append(Crlf)
                .Append("Content-Type: multipart/mixed; boundary=").Append(set).Append(Crlf).Append(Crlf);
            for (var i = 0; i < operations.Count; i++)
            {
                WritePart(text, serviceRoot, set, operations[i], i + 1);
            }

            text.Append("--").Append(set).Append("--").Append(Crlf);
        }
        else
        {
            foreach (var operation in operations)
            {
                WritePart(text, serviceRoot, boundary, operation, null);
            }
        }

        text.Append("--").Append(boundary).Append("--").Append(Crlf);
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>The results in operation order. A failed change set answers once for all its operations.</summary>
    public static IReadOnlyList<BatchResult> Read(MediaTypeHeaderValue? contentType, string body, int operations)
    {
        var boundary = Boundary(contentType) ?? throw new FormatException("The $batch response is not multipart/mixed with a boundary.");
        var results = new List<BatchResult>(operations);
        ReadParts(body, boundary, results);
        if (results.Count == 1 && operations > 1 && !results[0].Succeeded)
        {
            return [.. Enumerable.Repeat(results[0], operations)];
        }

        // Without continue-on-error the service stops at the first failure: the rest were not run.
        while (results.Count < operations)
        {
            results.Add(new BatchResult(0, ""));
        }

        return results;
    }

    private static void WritePart(StringBuilder text, Uri serviceRoot, string boundary, BatchOperation operation, int? contentId)
    {
        text.Append("--").Append(boundary).Append(Crlf)
            .Append("Content-Type: application/http").Append(Crlf)
            .Append("Content-Transfer-Encoding: binary").Append(Crlf);
        if (contentId is { } id)
        {
            text.Append("Content-ID: ").Append(id).Append(Crlf);
        }

        text.Append(Crlf)
            .Append(operation.Method).Append(' ').Append(new Uri(serviceRoot, operation.Url).AbsoluteUri).Append(" HTTP/1.1").Append(Crlf)
            .Append("Accept: application/json").Append(Crlf);
        if (operation.IfMatch is not null)
        {
            text.Append("If-Match: ").Append(operation.IfMatch).Append(Crlf);
        }

        if (operation.IfNoneMatch is not null)
        {
            text.Append("If-None-Match: ").Append(operation.IfNoneMatch).Append(Crlf);
        }

        if (operation.Prefer is not null)
        {
            text.Append("Prefer: ").Append(operation.Prefer).Append(Crlf);
        }

        if (operation.Body is { } json)
        {
            text.Append("Content-Type: application/json; charset=utf-8").Append(Crlf).Append(Crlf)
                .Append(Encoding.UTF8.GetString(json)).Append(Crlf);
        }
        else
        {
            text.Append(Crlf);
        }
    }

    private static void ReadParts(string body, string boundary, List<BatchResult> results)
    {
        var delimiter = "--" + boundary;
        var start = body.IndexOf(delimiter, StringComparison.Ordinal);
        while (start >= 0)
        {
            var partStart = start + delimiter.Length;
            if (string.CompareOrdinal(body, partStart, "--", 0, 2) == 0)
            {
                return;
            }

            var end = body.IndexOf(delimiter, partStart, StringComparison.Ordinal);
            if (end < 0)
            {
                throw new FormatException($"The $batch response part after boundary {boundary} has no end.");
            }

            ReadPart(body[partStart..end].Trim('\r', '\n'), results);
            start = end;
        }
    }

    private static void ReadPart(string part, List<BatchResult> results)
    {
        var (headers, content) = Split(part);
        var type = Header(headers, "Content-Type");
        if (type is not null && type.StartsWith("multipart/mixed", StringComparison.OrdinalIgnoreCase))
        {
            ReadParts(content, Boundary(MediaTypeHeaderValue.Parse(type)) ?? throw new FormatException("A change set part has no boundary."), results);
            return;
        }

        // An application/http part: the status line, the response headers, a blank line, the body.
        var (response, responseBody) = Split(content);
        var statusLine = response.Split('\n', 2)[0].Trim();
        var fields = statusLine.Split(' ', 3);
        if (fields.Length < 2 || !int.TryParse(fields[1], out var status))
        {
            throw new FormatException($"The $batch response part does not start with an HTTP status line: '{statusLine}'.");
        }

        results.Add(new BatchResult(status, responseBody.Trim()));
    }

    private static (string Head, string Body) Split(string text)
    {
        var at = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var length = 4;
        if (at < 0)
        {
            at = text.IndexOf("\n\n", StringComparison.Ordinal);
            length = 2;
        }

        return at < 0 ? (text, "") : (text[..at], text[(at + length)..]);
    }

    private static string? Header(string headers, string name)
    {
        foreach (var line in headers.Split('\n'))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && line[..colon].Trim().Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return line[(colon + 1)..].Trim();
            }
        }

        return null;
    }

    private static string? Boundary(MediaTypeHeaderValue? type) =>
        type?.Parameters.FirstOrDefault(p => p.Name.Equals("boundary", StringComparison.OrdinalIgnoreCase))?.Value?.Trim('"');
}
