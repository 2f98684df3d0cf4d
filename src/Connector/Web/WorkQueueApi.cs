using CrmSuite.Connector.Hosting;

namespace CrmSuite.Connector.Web;

/// <summary>
/// The web UI's endpoints: the CSM work queue of the embedded CRM (page, CSMs, open tasks, completing a task) and the
/// connector's status.
/// </summary>
internal static class WorkQueueApi
{
    public static IServiceCollection AddWorkQueue(this IServiceCollection services) =>
        services.AddSingleton<WorkQueueReader>().AddSingleton<WorkQueueAssets>();

    public static IEndpointRouteBuilder MapWorkQueue(this IEndpointRouteBuilder app)
    {
        app.MapWorkQueuePage();

        var api = app.MapGroup("/api").AddEndpointFilter(RequireOpen);
        api.MapGet("/status", async (ConnectorEngine engine, CancellationToken cancellationToken) =>
            Results.Ok(await engine.Services.Store.ReadStatusAsync(5, 20, cancellationToken)));
        api.MapGet("/csms", async (WorkQueueReader reader, CancellationToken cancellationToken) =>
            Results.Ok(await reader.ReadCsmsAsync(cancellationToken)));
        api.MapGet("/csms/{id}/tasks", async (string id, WorkQueueReader reader, CancellationToken cancellationToken) =>
            await reader.ReadTasksAsync(id, cancellationToken) is { } queue
                ? Results.Ok(queue)
                : Results.Problem($"No CRM user has id '{id}'.", statusCode: StatusCodes.Status404NotFound));
        api.MapPost("/tasks/{key}/complete", TaskCompletionEndpoint.HandleAsync);
        return app;
    }

    private static async ValueTask<object?> RequireOpen(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        context.HttpContext.RequestServices.GetRequiredService<ConnectorEngine>().IsOpen
            ? await next(context)
            : Results.Problem("The connector is starting.", statusCode: StatusCodes.Status503ServiceUnavailable);
}
