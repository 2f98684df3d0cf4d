using System.Net.Http.Headers;

namespace CrmSuite.Connector.Crm.Dataverse.Connection;

/// <summary>
/// Adds what every Web API request carries ("Compose HTTP requests and handle errors"): <c>Accept: application/json</c>,
/// <c>OData-MaxVersion: 4.0</c>, <c>OData-Version: 4.0</c>, a UTF-8 charset on a JSON body, the bearer token, and while a
/// webhook event is being handled its correlation id (<see cref="DataverseCorrelation"/>).
/// </summary>
internal sealed class DataverseRequestHandler(DataverseTokenSource tokens) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var headers = request.Headers;
        if (headers.Accept.Count == 0)
        {
            headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        }

        foreach (var name in (ReadOnlySpan<string>)["OData-MaxVersion", "OData-Version"])
        {
            if (!headers.Contains(name))
            {
                headers.TryAddWithoutValidation(name, "4.0");
            }
        }
        if (request.Content?.Headers.ContentType is { MediaType: "application/json", CharSet: null } json)
        {
            json.CharSet = "utf-8";
        }

        if (DataverseCorrelation.Id is { Length: > 0 } correlation && !headers.Contains(DataverseCorrelation.Header))
        {
            headers.TryAddWithoutValidation(DataverseCorrelation.Header, correlation);
        }

        headers.Authorization = new AuthenticationHeaderValue("Bearer", await tokens.GetTokenAsync(cancellationToken));
        return await base.SendAsync(request, cancellationToken);
    }
}
