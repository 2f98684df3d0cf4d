using System.Text.Json;
using System.Text.Json.Serialization;
using CrmSuite.Connector.Store;

namespace CrmSuite.Connector.Web;

/// <summary>
/// The web UI's endpoints: the CSM work queue (page, CSMs, open tasks, completing a task) and the connector's status.
/// </summary>
internal static class WorkQueueApi
{
    public static IHostApplicationBuilder AddWorkQueue(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<WorkQueueReader>().AddSingleton<AccountViewReader>().AddSingleton<WorkQueueAssets>();
        // A body that is not the expected JSON (malformed, a wrong type, an unknown field) is a 400 with problem details.
        builder.Services.AddProblemDetails();
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower)));
        return builder;
    }

    public static IEndpointRouteBuilder MapWorkQueue(this IEndpointRouteBuilder app)
    {
        app.MapWorkQueuePage();

        var api = app.MapGroup("/api");
        api.MapGet("/status", async (IStoreStatus store, CancellationToken cancellationToken) =>
            Results.Ok(await store.ReadStatusAsync(5, 20, cancellationToken)));
        api.MapGet("/csms", async (WorkQueueReader reader, CancellationToken cancellationToken) =>
            Results.Ok(await reader.ReadCsmsAsync(cancellationToken)));
        api.MapGet("/csms/{id}/tasks", async (string id, WorkQueueReader reader, CancellationToken cancellationToken) =>
            await reader.ReadTasksAsync(id, cancellationToken) is { } queue
                ? Results.Ok(queue)
                : Results.Problem($"No CRM user has id '{id}'.", statusCode: StatusCodes.Status404NotFound));
        api.MapGet("/csms/{id}/proposals", async (string id, WorkQueueReader reader, CancellationToken cancellationToken) =>
            await reader.ReadProposalsAsync(id, cancellationToken) is { } proposals
                ? Results.Ok(proposals)
                : Results.Problem($"No CRM user has id '{id}'.", statusCode: StatusCodes.Status404NotFound));
        api.MapGet("/accounts/{id}", async (string id, AccountViewReader reader, CancellationToken cancellationToken) =>
            !reader.IsAvailable
                ? Results.Problem("The account view reads the embedded CRM; this connector's CRM adapter does not offer it yet.",
                    statusCode: StatusCodes.Status501NotImplemented)
                : await reader.ReadAsync(id, cancellationToken) is { } view
                    ? Results.Ok(view)
                    : Results.Problem($"No CRM account has id '{id}'.", statusCode: StatusCodes.Status404NotFound));
        api.MapPost("/tasks/{key}/complete", TaskCompletionEndpoint.HandleAsync);
        api.MapPost("/proposals/{key}/answer", ProposalAnswerEndpoint.HandleAsync);
        return app;
    }
}
