using CrmSuite.Connector.Hosting;

namespace CrmSuite.Connector.Web;

/// <summary>The web UI's endpoints: the CSM work queue of the embedded CRM, and the connector's status.</summary>
internal static class WorkQueueApi
{
    public static IServiceCollection AddWorkQueue(this IServiceCollection services) => services;

    public static IEndpointRouteBuilder MapWorkQueue(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/status", async (ConnectorEngine engine, CancellationToken cancellationToken) =>
        {
            if (!engine.IsOpen)
            {
                return Results.Problem("The connector is starting.", statusCode: StatusCodes.Status503ServiceUnavailable);
            }

            var status = await engine.Services.Store.ReadStatusAsync(5, 20, cancellationToken);
            return Results.Ok(status);
        });
        return app;
    }
}
