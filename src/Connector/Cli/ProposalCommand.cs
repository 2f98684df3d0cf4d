using System.CommandLine;
using CrmSuite.Connector.Crm;
using CrmSuite.Connector.Sync;

namespace CrmSuite.Connector.Cli;

/// <summary>
/// <c>crmsuite proposal answer KEY --answer accepted|declined [--reason "…"] [--by NAME]</c>: records the customer's answer
/// to a proposal and applies it at once (the license transition for an acceptance, then the playbook), as the work queue does.
/// </summary>
internal static class ProposalCommand
{
    public static Command Create(Action<IHostApplicationBuilder>? configure = null)
    {
        var data = new DataOptions();
        var key = new Argument<string>("key") { Description = "The proposal's key (its idempotency key in the CRM)." };
        var answer = new Option<string>("--answer") { Description = "The customer's answer: accepted or declined.", Required = true };
        answer.AcceptOnlyFromAmong("accepted", "declined");
        var reason = new Option<string?>("--reason") { Description = "Why the customer declined, in their words." };
        var by = new Option<string?>("--by") { Description = "Who recorded the answer (default: the user name of this session)." };
        var answerCommand = new Command("answer", "Record the customer's answer to a proposal and apply it at once.");
        answerCommand.Arguments.Add(key);
        answerCommand.Options.Add(answer);
        answerCommand.Options.Add(reason);
        answerCommand.Options.Add(by);
        data.AddTo(answerCommand);
        answerCommand.SetAction((parsed, cancellationToken) =>
            DataOptions.RunAsync<ProposalVerb>("proposal answer", data.Overrides(parsed), b =>
            {
                b.Services.AddSingleton<ProposalVerb>();
                configure?.Invoke(b);
            }, async (verb, token) =>
            {
                var request = new ProposalAnswerRequest(parsed.GetValue(key)!, parsed.GetValue(answer) == "accepted" ? ProposalAnswer.Accepted : ProposalAnswer.Declined,
                    parsed.GetValue(reason), parsed.GetValue(by) ?? Environment.UserName, verb.Time.GetUtcNow());
                var outcome = await verb.Cycle.AnswerProposalAsync(request, token);
                switch (outcome.Answer.Outcome)
                {
                    case ProposalAnswerStatus.NotFound:
                        await Console.Error.WriteLineAsync($"crmsuite proposal answer: no proposal has key '{request.Key}'");
                        return ExitCodes.InputErrors;
                    case ProposalAnswerStatus.Closed:
                    case ProposalAnswerStatus.Expired:
                        await Console.Error.WriteLineAsync(
                            $"crmsuite proposal answer: proposal '{request.Key}' is {(outcome.Answer.Outcome == ProposalAnswerStatus.Expired ? "past its last valid day" : outcome.Answer.Status.ToString()!.ToLowerInvariant())} already; nothing changed");
                        return ExitCodes.InputErrors;
                }

                foreach (var applied in outcome.Processed)
                {
                    Console.WriteLine($"proposal {applied.ProposalKey} {applied.Kind.ToString().ToLowerInvariant()}: {applied}");
                }

                if (outcome.Pending)
                {
                    Console.WriteLine("The answer is recorded; the next sync applies it.");
                }

                return ExitCodes.Ok;
            }, cancellationToken, readsPlaybooks: true));
        var command = new Command("proposal", "Work with proposals in the CRM.");
        command.Subcommands.Add(answerCommand);
        return command;
    }
}

/// <summary>What the proposal verb needs from the host.</summary>
internal sealed record ProposalVerb(SyncCycle Cycle, TimeProvider Time);
