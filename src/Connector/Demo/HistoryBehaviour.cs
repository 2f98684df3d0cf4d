using CrmSuite.Connector.Crm;
using CrmSuite.Connector.Simulation;
using CrmSuite.PlaybookEngine.Accounts;
using CrmSuite.PlaybookEngine.Runtime;

namespace CrmSuite.Connector.Demo;

/// <summary>
/// The simulated people of the demo history: CSMs who work most of their tasks within a few days of the due date, and
/// customers who accept an upgrade more often when the data shows a real need (seats nearly full, usage growing), decline
/// with a reason, or let it expire; and how usage, renewals and trials move from day to day. Every draw comes from the
/// account's own random sequence, so the history is the same for a seed whatever the number of threads.
/// </summary>
internal static class HistoryBehaviour
{
    private static readonly string[] DeclineReasons =
        ["budget freeze until next quarter", "not enough users need it yet", "evaluating a competitor", "price above what procurement approved",
         "the current tier covers our needs", "reorganization under way; ask again later"];

    private static readonly string[] ContactFirst = ["Alex", "Sam", "Robin", "Jamie", "Morgan", "Taylor", "Casey", "Jordan", "Riley", "Avery"];

    private static readonly string[] ContactLast = ["Meyer", "Tanaka", "Osei", "Lindqvist", "Moreau", "Costa", "Walsh", "Iyer", "Novak", "Reyes"];

    /// <summary>A CSM's answer to a task: most tasks are worked, the urgent ones sooner; some are never touched.</summary>
    public static PlannedAnswer? PlanTask(Random random, CrmTask task, DateOnly today)
    {
        var worked = task.Priority switch
        {
            TaskPriority.Urgent => 0.95,
            TaskPriority.High => 0.9,
            TaskPriority.Normal => 0.82,
            _ => 0.7,
        };
        if (task.Outcomes.IsDefaultOrEmpty || random.NextDouble() >= worked)
        {
            return null;
        }

        var window = Math.Max(1, task.Due.DayNumber - today.DayNumber);
        var day = today.AddDays(random.Next(0, window + 3));
        var outcome = task.Outcomes.Length == 1 || random.NextDouble() < 0.55 ? task.Outcomes[0] : task.Outcomes[1 + random.Next(task.Outcomes.Length - 1)];
        return new PlannedAnswer(day, outcome);
    }

    /// <summary>
    /// The customer's answer to a proposal: accepted or declined on a day before it expires, or nothing (it expires). A real
    /// need — seats at least 90% used, or usage up 10% in 30 days — makes a yes more than twice as likely.
    /// </summary>
    public static PlannedAnswer? PlanProposal(Random random, CrmProposal proposal, Subscription license, UsageSnapshot usage)
    {
        var utilization = license.Seats > 0 ? (double)license.SeatsUsed / license.Seats : 0;
        var need = utilization >= 0.9 || usage.UsageGrowth30d >= 0.1m;
        var (accept, decline) = need ? (0.5, 0.25) : (0.2, 0.4);
        var roll = random.NextDouble();
        if (roll >= accept + decline)
        {
            return null;
        }

        var window = Math.Clamp(proposal.ExpiresOn.DayNumber - proposal.IssuedOn.DayNumber, 1, 21);
        var day = proposal.IssuedOn.AddDays(random.Next(1, window + 1));
        return new PlannedAnswer(day, roll < accept ? "accepted" : "declined");
    }

    public static string DeclineReason(Random random) => DeclineReasons[random.Next(DeclineReasons.Length)];

    public static string Contact(Random random, Account account) =>
        $"{ContactFirst[random.Next(ContactFirst.Length)]} {ContactLast[random.Next(ContactLast.Length)]} ({account.Name})";

    /// <summary>How much seat use moves in a week, by the account's trend.</summary>
    public static double WeeklyGrowth(Random random, UsageTrend trend, double utilization) => trend switch
    {
        UsageTrend.Growing => 0.01 + (random.NextDouble() * 0.03),
        UsageTrend.New => utilization < 0.8 ? 0.03 + (random.NextDouble() * 0.04) : -0.01 + (random.NextDouble() * 0.02),
        UsageTrend.AtRisk => -0.035 + (random.NextDouble() * 0.03),
        _ => -0.012 + (random.NextDouble() * 0.024),
    };

    /// <summary>How health moves in a week, by the account's trend.</summary>
    public static int WeeklyHealthChange(Random random, UsageTrend trend) => trend switch
    {
        UsageTrend.AtRisk => random.Next(-4, 2),
        UsageTrend.Growing or UsageTrend.New => random.Next(-1, 3),
        _ => random.Next(-2, 3),
    };

    /// <summary>Whether an account at risk leaves at its renewal: likelier the worse its health.</summary>
    public static bool ChurnsAtRenewal(Random random, UsageTrend trend, int health) =>
        trend == UsageTrend.AtRisk && health < 45 && random.NextDouble() < 0.45;

    /// <summary>Whether a new logo buys at the end of its trial.</summary>
    public static bool ConvertsAfterTrial(Random random) => random.NextDouble() < 0.55;
}
