using System.Globalization;

namespace CrmSuite.DataverseEmulator.Http;

/// <summary>The Prefer header preferences the Dataverse Web API honours.</summary>
internal sealed record Preferences(int? MaxPageSize, bool TrackChanges, bool ReturnRepresentation, bool ContinueOnError, string? IncludeAnnotations)
{
    public static Preferences Parse(string? header)
    {
        int? maxPageSize = null;
        bool trackChanges = false, representation = false, continueOnError = false;
        string? annotations = null;
        foreach (var raw in (header ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var (name, value) = raw.IndexOf('=') is var eq and >= 0 ? (raw[..eq].Trim(), raw[(eq + 1)..].Trim().Trim('"')) : (raw, "");
            switch (name.ToLowerInvariant())
            {
                case "odata.maxpagesize":
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var size) || size <= 0)
                    {
                        throw new DataverseException(400, ErrorCodes.QueryError, $"The Prefer header odata.maxpagesize value '{value}' is not a positive integer.");
                    }
                    maxPageSize = size;
                    break;
                case "odata.track-changes":
                    trackChanges = true;
                    break;
                case "return":
                    representation = value == "representation";
                    break;
                case "odata.continue-on-error":
                    continueOnError = true;
                    break;
                case "odata.include-annotations":
                    annotations = value;
                    break;
            }
        }
        return new Preferences(maxPageSize, trackChanges, representation, continueOnError, annotations);
    }
}
