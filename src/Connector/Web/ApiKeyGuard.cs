namespace CrmSuite.Connector.Web;

/// <summary>
/// When the connector has an API key, every <c>/api</c> request must carry it in <see cref="Header"/>; otherwise 401.
/// The page and its script and style sheet hold no data and load without it. The comparison takes the same time whatever
/// the guess, and neither key is ever logged or echoed.
/// </summary>
internal sealed class ApiKeyGuard(string apiKey)
{
    public const string Header = "X-CrmSuite-Key";

    private readonly SecretDigest _expected = new(apiKey);

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase) && !Carries(context.Request))
        {
            await Results.Problem($"This connector requires its API key in the {Header} header.", statusCode: StatusCodes.Status401Unauthorized)
                .ExecuteAsync(context);
            return;
        }

        await next(context);
    }

    private bool Carries(HttpRequest request)
    {
        var given = request.Headers[Header];
        return given.Count == 1 && _expected.Matches(given[0]);
    }
}
