using CrmSuite.Connector.Crm;
using CrmSuite.Connector.Sync;

namespace CrmSuite.Connector.Web;

/// <summary>
/// <c>POST /api/proposals/{key}/answer {"answer": "accepted" | "declined", "reason": "…"}</c>: records the customer's answer
/// in the CRM and applies it at once (the license transition for an acceptance, then the playbook). 400 for any other
/// answer, 404 an unknown key, 409 a proposal already answered, expired or withdrawn.
/// </summary>
internal static class ProposalAnswerEndpoint
{
    public static async Task<IResult> HandleAsync(string key, AnswerProposalRequest? request, SyncCycle cycle, TimeProvider time, IHostApplicationLifetime lifetime)
    {
        var answer = request?.Answer switch
        {
            "accepted" => ProposalAnswer.Accepted,
            "declined" => (ProposalAnswer?)ProposalAnswer.Declined,
            _ => null,
        };
        if (answer is null)
        {
            return Results.Problem("The body must give the customer's answer: {\"answer\": \"accepted\"} or {\"answer\": \"declined\", \"reason\": \"…\"}.",
                statusCode: StatusCodes.Status400BadRequest);
        }

        if (request!.Reason is { Length: > 2000 })
        {
            return Results.Problem("The reason may hold at most 2000 characters.", statusCode: StatusCodes.Status400BadRequest);
        }

        var by = string.IsNullOrWhiteSpace(request.By) ? "work queue" : request.By.Trim();
        // Not the request's token: once the answer is recorded it is applied even if the browser goes away.
        var outcome = await cycle.AnswerProposalAsync(
            new ProposalAnswerRequest(key, answer.Value, string.IsNullOrWhiteSpace(request.Reason) ? null : request.Reason.Trim(), by, time.GetUtcNow()),
            lifetime.ApplicationStopping);
        var result = outcome.Answer;
        return result.Outcome switch
        {
            ProposalAnswerStatus.NotFound => Results.Problem($"No proposal has key '{Excerpt.Of(key)}'.", statusCode: StatusCodes.Status404NotFound),
            ProposalAnswerStatus.Closed => Results.Problem($"Proposal '{Excerpt.Of(key)}' is {result.Status.ToString()!.ToLowerInvariant()} already.",
                statusCode: StatusCodes.Status409Conflict),
            ProposalAnswerStatus.Expired => Results.Problem($"Proposal '{Excerpt.Of(key)}' has expired; its last valid day has passed.", statusCode: StatusCodes.Status409Conflict),
            _ => Results.Ok(new AnswerProposalResponse(key, request.Answer!, result.EventId ?? 0, outcome.Pending,
                [.. outcome.Processed.Select(p => new ProposalApplied(p.EventId, p.ProposalKey, p.Playbook.Kind, p.Playbook.Detail, p.Playbook.NewState,
                    p.License?.Outcome.ToString().ToLowerInvariant(), p.License?.Detail))])),
        };
    }
}
