namespace CrmSuite.DataverseEmulator.Http;

/// <summary>The headers every Web API request must carry: the bearer token and the OData version headers.</summary>
internal static class HeaderRules
{
    public static EmulatorResponse? Check(EmulatorRequest request, EmulatorOptions options, bool isMetadataDocument)
    {
        var authorization = request.Header("Authorization");
        if (authorization != $"Bearer {options.AccessToken}")
        {
            var response = new EmulatorResponse(401);
            response.Headers["WWW-Authenticate"] =
                $"Bearer authorization_uri=https://login.microsoftonline.com/{options.TenantId:D}/oauth2/authorize, resource_id={request.Url.GetLeftPart(UriPartial.Authority)}/";
            return response;
        }
        foreach (var header in new[] { "OData-MaxVersion", "OData-Version" })
        {
            if (request.Header(header) != "4.0")
            {
                return EmulatorResponse.Error(400, ErrorCodes.QueryError, $"The request must carry the header {header}: 4.0 (it had '{request.Header(header)}').");
            }
        }
        var accept = request.Header("Accept") ?? "";
        var expected = isMetadataDocument ? "application/xml" : "application/json";
        if (!accept.Contains(expected, StringComparison.OrdinalIgnoreCase) && !accept.Contains("*/*", StringComparison.Ordinal))
        {
            return EmulatorResponse.Error(406, ErrorCodes.QueryError, $"The request must accept {expected} (Accept was '{accept}').");
        }
        return null;
    }
}
