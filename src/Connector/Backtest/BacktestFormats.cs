using System.Globalization;
using System.Text;
using System.Text.Json;

namespace CrmSuite.Connector.Backtest;

/// <summary>A backtest report as a table for people, CSV for spreadsheets, or JSON for programs (docs/backtest.md, "Output").</summary>
internal static class BacktestFormats
{
    public static readonly IReadOnlyList<string> Names = ["table", "csv", "json", "routing-csv"];

    public static void Write(BacktestReport report, string format, TextWriter output)
    {
        switch (format)
        {
            case "csv":
                Csv(report, output);
                break;
            case "json":
                output.Write(Json(report));
                output.WriteLine();
                break;
            case "routing-csv":
                RoutingCsv(report, output);
                break;
            default:
                Table(report, output);
                break;
        }
    }

    /// <summary>The run's label: A for the playbooks, B for --compare.</summary>
    public static string Label(int run) => ((char)('A' + run)).ToString();

    public static void Table(BacktestReport report, TextWriter output)
    {
        output.WriteLine(FormattableString.Invariant(
            $"Backtest {report.From:yyyy-MM-dd} .. {report.Through:yyyy-MM-dd}: {report.Accounts} accounts, {report.Evaluations} account-days evaluated; CSM capacity {report.CsmWeeklyCapacity} tasks a week (Routing:WeeklyCapacity, else Workbench:CsmWeeklyCapacity)"));
        output.WriteLine(WarmUp(report));
        for (var r = 0; r < report.Runs.Count; r++)
        {
            output.WriteLine($"{Label(r)}: {report.Runs[r].Playbooks}");
        }

        output.WriteLine();
        var header = $"{"week",-10}  {"run",-3}  {"tasks",7}  {"busiest CSM",11}  {"CSMs over",9}  {"proposals",9}  {"accepted",8}  {"two plays",9}  suppressed (why)";
        output.WriteLine(header);
        var weeks = report.Runs[0].Weeks.Count;
        for (var w = 0; w < weeks; w++)
        {
            for (var r = 0; r < report.Runs.Count; r++)
            {
                var week = report.Runs[r].Weeks[w];
                output.WriteLine(Row(r == 0 ? week.Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "", Label(r), week.TasksOpened,
                    $"{week.BusiestCsmTasks}/{report.CsmWeeklyCapacity}", week.CsmsOverCapacity, week.ProposalsIssued, week.ProposalsAccepted,
                    week.AccountsInTwoPlays, week.Suppressed));
            }
        }

        output.WriteLine();
        for (var r = 0; r < report.Runs.Count; r++)
        {
            var run = report.Runs[r];
            var suppressed = BacktestReport.Reasons.ToDictionary(reason => reason, reason => run.Weeks.Sum(w => w.Suppressed[reason]), StringComparer.Ordinal);
            output.WriteLine(Row(r == 0 ? "total" : "", Label(r), run.Total(w => w.TasksOpened), $"{run.Weeks.Sum(w => w.CsmsOverCapacity)} over",
                run.Weeks.Count(w => w.CsmsOverCapacity > 0), run.Total(w => w.ProposalsIssued), run.Total(w => w.ProposalsAccepted),
                run.Total(w => w.AccountsInTwoPlays), suppressed));
        }

        output.WriteLine("busiest CSM: the most tasks one CSM got that week / the capacity; CSMs over: how many got more than the capacity "
            + "(total row: CSM-weeks over, and weeks with any); two plays: accounts engaged in two playbooks at once that week.");
        RoutingTable(report, output);
    }

    // Each user's week under capacity routing (docs/routing.md), the weeks with any task only.
    private static void RoutingTable(BacktestReport report, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine($"Workload per CSM with capacity routing (Routing:Mode {report.Routing}):");
        output.WriteLine($"{"week",-10}  {"run",-3}  {"user",-12}  {"opened",6}  {"assigned",8}  {"pooled",6}  {"deferred",8}  {"load",9}");
        for (var w = 0; w < report.Runs[0].Weeks.Count; w++)
        {
            for (var r = 0; r < report.Runs.Count; r++)
            {
                var week = report.Runs[r].Weeks[w];
                foreach (var c in week.Csms)
                {
                    output.WriteLine(FormattableString.Invariant(
                        $"{week.Start:yyyy-MM-dd}  {Label(r),-3}  {c.CsmId,-12}  {c.Tasks,6}  {c.Routed.Assigned,8}  {c.Routed.Pooled,6}  {c.Routed.Deferred,8}  {$"{c.Routed.Load}/{c.Capacity}",9}"));
                }
            }
        }

        output.WriteLine("assigned: the user's accounts' tasks written to them that week (released ones included); pooled: given to a pool member; "
            + "deferred: held at the end of the week; load: tasks the user worked that week / their capacity.");
    }

    /// <summary>One row per week, run and user: what capacity routing made of the week's tasks.</summary>
    public static void RoutingCsv(BacktestReport report, TextWriter output)
    {
        output.WriteLine("week_start,run,folder,routing,user_id,tasks_opened,assigned,pooled,deferred,load,capacity");
        for (var r = 0; r < report.Runs.Count; r++)
        {
            foreach (var w in report.Runs[r].Weeks)
            {
                foreach (var c in w.Csms)
                {
                    output.WriteLine(FormattableString.Invariant(
                        $"{w.Start:yyyy-MM-dd},{Label(r)},{Quote(report.Runs[r].Folder)},{report.Routing},{Quote(c.CsmId)},{c.Tasks},{c.Routed.Assigned},{c.Routed.Pooled},{c.Routed.Deferred},{c.Routed.Load},{c.Capacity}"));
                }
            }
        }
    }

    /// <summary>The header line saying what the warm-up was: the days replayed before the window and not counted.</summary>
    public static string WarmUp(BacktestReport report) => report.WarmUpDays == 0
        ? "Warm-up: none (--warm-up 0): every account starts the window in its playbooks' start state"
        : FormattableString.Invariant(
            $"Warm-up: {report.WarmUpDays} days ({report.From.AddDays(-report.WarmUpDays):yyyy-MM-dd} .. {report.From.AddDays(-1):yyyy-MM-dd}) replayed before the window and not counted");

    private static string Row(string week, string run, long tasks, string busiest, long over, long proposals, long accepted, long twoPlays,
        IReadOnlyDictionary<string, long> suppressed)
    {
        var total = suppressed.Values.Sum();
        var why = string.Join(", ", suppressed.Where(p => p.Value > 0).Select(p => FormattableString.Invariant($"{p.Key} {p.Value}")));
        return FormattableString.Invariant(
            $"{week,-10}  {run,-3}  {tasks,7}  {busiest,11}  {over,9}  {proposals,9}  {accepted,8}  {twoPlays,9}  {total}{(why.Length > 0 ? $" ({why})" : "")}");
    }

    public static void Csv(BacktestReport report, TextWriter output)
    {
        var header = new StringBuilder("week_start,run,folder,tasks_opened,busiest_csm_tasks,csm_weekly_capacity,csms_over_capacity,proposals_issued,")
            .Append("proposals_accepted,accounts_in_two_plays,suppressed");
        foreach (var reason in BacktestReport.Reasons)
        {
            header.Append(",suppressed_").Append(reason);
        }

        header.Append(",tasks_assigned,tasks_pooled,tasks_deferred");

        output.WriteLine(header);
        for (var r = 0; r < report.Runs.Count; r++)
        {
            foreach (var w in report.Runs[r].Weeks)
            {
                var line = new StringBuilder(FormattableString.Invariant(
                    $"{w.Start:yyyy-MM-dd},{Label(r)},{Quote(report.Runs[r].Folder)},{w.TasksOpened},{w.BusiestCsmTasks},{report.CsmWeeklyCapacity},{w.CsmsOverCapacity},{w.ProposalsIssued},{w.ProposalsAccepted},{w.AccountsInTwoPlays},{w.SuppressedTotal}"));
                foreach (var reason in BacktestReport.Reasons)
                {
                    line.Append(',').Append(w.Suppressed[reason].ToString(CultureInfo.InvariantCulture));
                }

                line.Append(CultureInfo.InvariantCulture, $",{w.Assigned},{w.Pooled},{w.Deferred}");

                output.WriteLine(line);
            }
        }
    }

    private static string Quote(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;

    public static string Json(BacktestReport report)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("from", report.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            json.WriteString("to", report.Through.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            json.WriteNumber("warm_up_days", report.WarmUpDays);
            json.WriteNumber("csm_weekly_capacity", report.CsmWeeklyCapacity);
            json.WriteString("routing", report.Routing);
            json.WriteNumber("accounts", report.Accounts);
            json.WriteNumber("account_days_evaluated", report.Evaluations);
            json.WriteStartArray("runs");
            for (var r = 0; r < report.Runs.Count; r++)
            {
                var run = report.Runs[r];
                json.WriteStartObject();
                json.WriteString("run", Label(r));
                json.WriteString("folder", run.Folder);
                json.WriteString("playbooks", run.Playbooks);
                json.WriteStartArray("weeks");
                foreach (var w in run.Weeks)
                {
                    json.WriteStartObject();
                    json.WriteString("week_start", w.Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                    json.WriteNumber("tasks_opened", w.TasksOpened);
                    json.WriteNumber("proposals_issued", w.ProposalsIssued);
                    json.WriteNumber("proposals_accepted", w.ProposalsAccepted);
                    json.WriteNumber("accounts_in_two_plays", w.AccountsInTwoPlays);
                    json.WriteNumber("csms_over_capacity", w.CsmsOverCapacity);
                    json.WriteNumber("tasks_assigned", w.Assigned);
                    json.WriteNumber("tasks_pooled", w.Pooled);
                    json.WriteNumber("tasks_deferred", w.Deferred);
                    json.WriteStartObject("suppressed");
                    foreach (var (reason, count) in w.Suppressed)
                    {
                        json.WriteNumber(reason, count);
                    }

                    json.WriteEndObject();
                    json.WriteStartArray("csms");
                    foreach (var c in w.Csms)
                    {
                        json.WriteStartObject();
                        json.WriteString("csm_id", c.CsmId);
                        json.WriteNumber("tasks_opened", c.Tasks);
                        json.WriteBoolean("over_capacity", c.OverCapacity);
                        json.WriteNumber("capacity", c.Capacity);
                        json.WriteNumber("assigned", c.Routed.Assigned);
                        json.WriteNumber("pooled", c.Routed.Pooled);
                        json.WriteNumber("deferred", c.Routed.Deferred);
                        json.WriteNumber("load", c.Routed.Load);
                        json.WriteEndObject();
                    }

                    json.WriteEndArray();
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
