using System.Globalization;
using CrmSuite.PlaybookEngine.Runtime;
using CrmSuite.PlaybookEngine.Signals;

namespace CrmSuite.Connector.Cli;

/// <summary>Day-by-day replay of one account through one playbook, producing the lines `simulate` prints.</summary>
internal sealed class Simulation(CompiledPlaybook playbook, AccountFile.Contents account, DailySignals? daily)
{
    private readonly PlaybookRuntime _runtime = new([playbook]);

    public List<string> Run(DateOnly first, int days)
    {
        var lines = new List<string>
        {
            $"Simulating {playbook.Id} v{playbook.Version} ({playbook.Definition.Status.ToString().ToLowerInvariant()}) for {account.Account.Name} ({account.Account.Id}), {first:yyyy-MM-dd} + {days} days",
        };
        var instances = new List<PlaybookInstance>();
        var promptDays = new List<DateOnly>();
        DateOnly? lastDeclined = null;
        int transitions = 0, tasks = 0, proposals = 0, suppressed = 0;

        for (var day = 0; day < days; day++)
        {
            var today = first.AddDays(day);
            var now = new DateTimeOffset(today.ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero);
            var signals = SignalComputer.Compute(account.Account, account.Subscription, account.Usage, today);
            daily?.ApplyUpTo(day, ref signals);
            var context = new EvaluationContext(account.Account, signals, new ContactHistory(promptDays.ToArray(), lastDeclined), now);

            var hadInstance = instances.Count > 0;
            var outcome = _runtime.EvaluateAccount(instances, context);
            if (!hadInstance && !outcome.Changed.IsEmpty)
            {
                lines.Add(Line(day, today, $"start in {playbook.Definition.Start}"));
            }

            Apply(outcome);

            foreach (var playbookEvent in daily?.Events(day) ?? [])
            {
                lines.Add(Line(day, today, $"event {playbookEvent}"));
                if (playbookEvent.Kind == PlaybookEventKind.ProposalDeclined)
                {
                    lastDeclined = today;
                }

                var fired = _runtime.FireEvent(instances, playbook.Id, playbookEvent, context);
                if (fired.IsEmpty)
                {
                    lines.Add(Line(day, today, $"  (no transition of state {instances.FirstOrDefault()?.State} takes {playbookEvent})"));
                }

                Apply(fired);
            }

            void Apply(AccountEvaluation evaluation)
            {
                foreach (var changed in evaluation.Changed)
                {
                    instances.RemoveAll(i => i.PlaybookId == changed.PlaybookId);
                    instances.Add(changed);
                }

                foreach (var effect in evaluation.Effects)
                {
                    switch (effect)
                    {
                        case TransitionEffect t:
                            transitions++;
                            lines.Add(Line(day, today, $"{t.From} -> {t.To}   because {t.Reason}"));
                            break;
                        case TaskEffect t:
                            tasks++;
                            lines.Add(Line(day, today, $"  task \"{t.Subject}\" due {t.Due:yyyy-MM-dd} [{t.OwnerRole}, {t.Priority.ToString().ToLowerInvariant()}] outcomes: {string.Join(", ", t.Outcomes)}"));
                            break;
                        case ProposalEffect p:
                            proposals++;
                            promptDays.Add(today);
                            lines.Add(Line(day, today, $"  proposal {p.OfferId} valid until {p.ExpiresOn:yyyy-MM-dd}"));
                            break;
                        case SuppressedEffect s:
                            suppressed++;
                            lines.Add(Line(day, today, $"suppressed {s.From} -> {s.To}: {s.Guardrail}   ({s.Reason})"));
                            break;
                    }
                }
            }
        }

        var final = instances.FirstOrDefault()?.State ?? "(playbook does not apply to this account)";
        lines.Add($"End: state {final}; {transitions} transition(s), {tasks} task(s), {proposals} proposal(s), {suppressed} suppressed");
        return lines;
    }

    private static string Line(int day, DateOnly date, string text) =>
        $"day {day.ToString(CultureInfo.InvariantCulture),3}  {date:yyyy-MM-dd}  {text}";
}
