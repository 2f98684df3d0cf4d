using System.Globalization;
using System.Net;

namespace CrmSuite.Connector.Crm.Dataverse.Connection;

/// <summary>What a response says about pacing: the wait a 429 asks for and the parallelism the server recommends.</summary>
internal static class DataverseThrottling
{
    /// <summary>The header with the degree of parallelism the server recommends.</summary>
    public const string DopHintHeader = "x-ms-dop-hint";

    /// <summary>How long a 429 asks the client to wait (<c>Retry-After</c> in seconds or as a date), or null when it does not say.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, DateTimeOffset now)
    {
        if (response.StatusCode != HttpStatusCode.TooManyRequests || response.Headers.RetryAfter is not { } retryAfter)
        {
            return null;
        }

        var wait = retryAfter.Delta ?? (retryAfter.Date is { } date ? date - now : null);
        return wait is { } w ? (w < TimeSpan.Zero ? TimeSpan.Zero : w) : null;
    }

    /// <summary>The <c>x-ms-dop-hint</c> of a response, or null when absent or not a positive number.</summary>
    public static int? DopHint(HttpResponseMessage response) =>
        response.Headers.TryGetValues(DopHintHeader, out var values)
        && int.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var hint) && hint > 0
            ? hint
            : null;
}
