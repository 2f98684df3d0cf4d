using System.Text.Json;

namespace CrmSuite.Connector.Web;

/// <summary>
/// A request the endpoints cannot bind (a body that is not JSON, a wrong type, a field the body may not have, a wrong
/// content type) becomes a problem response with the framework's status (400, 415, 413) and what was wrong, repeating
/// at most an <see cref="Excerpt"/> of the client's input.
/// </summary>
internal static class BadRequestProblems
{
    public static async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException ex) when (!context.Response.HasStarted)
        {
            var detail = ex.InnerException is JsonException json
                ? $"The body is not the JSON this request expects: {Excerpt.Of(json.Message)}"
                : Excerpt.Of(ex.Message);
            context.Response.Clear();
            await Results.Problem(detail, statusCode: ex.StatusCode).ExecuteAsync(context);
        }
    }
}
