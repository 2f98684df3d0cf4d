using CrmSuite.Connector.Crm;
using CrmSuite.Connector.Sync;

namespace CrmSuite.Connector.Web;

/// <summary>
/// <c>POST /api/tasks/{key}/complete {"outcome": "…"}</c>: completes the task in the CRM and advances its
/// playbook at once. 400 names the allowed outcomes, 404 an unknown key, 409 a task completed before. A message repeats at
/// most an <see cref="Excerpt"/> of what the client sent.
/// </summary>
internal static class TaskCompletionEndpoint
{
    public static async Task<IResult> HandleAsync(string key, CompleteTaskRequest? request, SyncCycle cycle, IHostApplicationLifetime lifetime)
    {
        if (string.IsNullOrWhiteSpace(request?.Outcome))
        {
            return Results.Problem("The body must name the outcome, e.g. {\"outcome\": \"interested\"}.", statusCode: StatusCodes.Status400BadRequest);
        }

        // Not the request's token: once the outcome is recorded it is applied even if the browser goes away.
        var result = await cycle.CompleteTaskAsync(key, request.Outcome, lifetime.ApplicationStopping);
        var completion = result.Completion;
        return completion.Status switch
        {
            TaskCompletionStatus.NotFound => Results.Problem($"No task has key '{Excerpt.Of(key)}'.", statusCode: StatusCodes.Status404NotFound),
            TaskCompletionStatus.AlreadyCompleted => Results.Problem(
                $"Task '{Excerpt.Of(key)}' was already completed with outcome '{completion.Outcome}'.", statusCode: StatusCodes.Status409Conflict),
            TaskCompletionStatus.OutcomeNotAllowed => Results.Problem(
                $"Outcome '{Excerpt.Of(request.Outcome)}' is not allowed for task '{Excerpt.Of(key)}'; allowed: {string.Join(", ", completion.AllowedOutcomes)}.",
                statusCode: StatusCodes.Status400BadRequest,
                extensions: new Dictionary<string, object?> { ["allowedOutcomes"] = completion.AllowedOutcomes }),
            _ => Results.Ok(new CompleteTaskResponse(key, request.Outcome, completion.EventId ?? 0, result.Pending,
                [.. result.Processed.Select(p => new OutcomeApplied(p.EventId, p.TaskKey, p.PlaybookId, p.Kind, p.Detail, p.NewState, p.Tasks, p.Proposals))])),
        };
    }
}
