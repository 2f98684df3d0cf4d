using CrmSuite.DataverseEmulator.Http;

namespace CrmSuite.DataverseEmulator.Batch;

/// <summary>One MIME part: its headers and its content.</summary>
internal sealed record MimePart(IReadOnlyDictionary<string, string> Headers, string Content)
{
    public string ContentType => Headers.GetValueOrDefault("Content-Type") ?? "";
}

/// <summary>Splits a multipart/mixed body on its boundary lines; anything not well formed is a 400.</summary>
internal static class MultipartReader
{
    public static string Boundary(string? contentType)
    {
        if (contentType is null || !contentType.StartsWith("multipart/mixed", StringComparison.OrdinalIgnoreCase))
        {
            throw Malformed($"A $batch request needs Content-Type: multipart/mixed; boundary=batch_<id> (it had '{contentType}').");
        }
        var boundary = contentType.Split(';').Select(p => p.Trim())
            .FirstOrDefault(p => p.StartsWith("boundary=", StringComparison.OrdinalIgnoreCase))?["boundary=".Length..].Trim('"');
        return string.IsNullOrEmpty(boundary) ? throw Malformed("The multipart/mixed Content-Type has no boundary.") : boundary;
    }

    public static List<MimePart> Parts(string body, string boundary)
    {
        var delimiter = "--" + boundary;
        var parts = new List<MimePart>();
        List<string>? current = null;
        var closed = false;
        foreach (var raw in body.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var line = raw.TrimEnd();
            if (line == delimiter + "--")
            {
                if (current is not null)
                {
                    parts.Add(Part(current));
                }
                closed = true;
                break;
            }
            if (line == delimiter)
            {
                if (current is not null)
                {
                    parts.Add(Part(current));
                }
                current = [];
                continue;
            }
            current?.Add(raw);
        }
        if (!closed)
        {
            throw Malformed($"The multipart body does not end with its closing delimiter {delimiter}--.");
        }
        if (parts.Count == 0)
        {
            throw Malformed("The multipart body has no parts.");
        }
        return parts;
    }

    /// <summary>Splits header lines from the content at the first blank line.</summary>
    public static (Dictionary<string, string> Headers, string Content) Headers(IReadOnlyList<string> lines)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var index = 0;
        for (; index < lines.Count && lines[index].Trim().Length > 0; index++)
        {
            var colon = lines[index].IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw Malformed($"The line '{lines[index].Trim()}' is not a header (Name: value).");
            }
            headers[lines[index][..colon].Trim()] = lines[index][(colon + 1)..].Trim();
        }
        var rest = string.Join("\n", lines.Skip(index + 1)).TrimEnd('\n', '\r');
        return (headers, rest);
    }

    private static MimePart Part(List<string> lines)
    {
        var (headers, rest) = Headers(lines);
        return new MimePart(headers, rest);
    }

    public static DataverseException Malformed(string message) => new(400, ErrorCodes.QueryError, message);
}
