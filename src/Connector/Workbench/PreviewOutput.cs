using System.Globalization;
using System.Text;
using System.Text.Json;

namespace CrmSuite.Connector.Workbench;

/// <summary>A preview as a table for people, CSV of the counts for a spreadsheet, or JSON with everything.</summary>
internal static class PreviewOutput
{
    public static string Table(PreviewReport report)
    {
        var w = new StringBuilder();
        var store = report.StateStoreExists ? $"instances from {report.StateStore}" : $"no state store ({report.StateStore}): every account as if new";
        w.AppendLine(CultureInfo.InvariantCulture, $"Preview on {report.On:yyyy-MM-dd}: {report.Accounts} account(s) read, {report.Quarantined} quarantined (not evaluated); {store}. Nothing is written.");
        foreach (var p in report.Playbooks)
        {
            w.AppendLine();
            var unplaced = p.Unplaced > 0 ? $", {p.Unplaced} unplaced on another version" : "";
            w.AppendLine(CultureInfo.InvariantCulture, $"{p.Id} v{p.Version}: {p.Accounts} matching account(s){unplaced}");
            Counts(w, "by state", p.ByState);
            Counts(w, "by segment", p.BySegment);
            Counts(w, "by CSM", p.ByCsm);
            Counts(w, "tasks that would open (state: owner, priority)", p.Tasks);
            Counts(w, "proposals that would be issued (state: offer)", p.Proposals);
            Counts(w, "prompts a guardrail would refuse (target: rule)", p.Suppressed);
        }

        w.AppendLine();
        w.AppendLine(CultureInfo.InvariantCulture, $"Sample ({report.Sample.Count} account(s); those where something fires first):");
        foreach (var s in report.Sample)
        {
            w.AppendLine(CultureInfo.InvariantCulture, $"  {s.AccountId} {s.Name} [{s.Segment}, CSM {s.Csm}]");
            foreach (var m in s.Matches)
            {
                w.AppendLine(CultureInfo.InvariantCulture, $"    {m.PlaybookId}: {m.State}; {string.Join("; ", m.Facts)}");
            }
        }

        return w.ToString();
    }

    public static string Csv(PreviewReport report)
    {
        var w = new StringBuilder();
        w.AppendLine("playbook,dimension,value,accounts");
        foreach (var p in report.Playbooks)
        {
            Row(w, p.Id, "matching", "all", p.Accounts);
            foreach (var (dimension, counts) in Dimensions(p))
            {
                foreach (var (value, count) in counts)
                {
                    Row(w, p.Id, dimension, value, count);
                }
            }
        }

        return w.ToString();
    }

    public static string Json(PreviewReport report)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("on", report.On.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            json.WriteNumber("accounts", report.Accounts);
            json.WriteNumber("quarantined", report.Quarantined);
            json.WriteString("state_store", report.StateStoreExists ? report.StateStore : null);
            json.WriteStartArray("playbooks");
            foreach (var p in report.Playbooks)
            {
                json.WriteStartObject();
                json.WriteString("id", p.Id);
                json.WriteNumber("version", p.Version);
                json.WriteNumber("accounts", p.Accounts);
                json.WriteNumber("unplaced", p.Unplaced);
                foreach (var (dimension, counts) in Dimensions(p))
                {
                    json.WriteStartObject(dimension);
                    foreach (var (value, count) in counts)
                    {
                        json.WriteNumber(value, count);
                    }

                    json.WriteEndObject();
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("sample");
            foreach (var s in report.Sample)
            {
                json.WriteStartObject();
                json.WriteString("account_id", s.AccountId);
                json.WriteString("name", s.Name);
                json.WriteString("segment", s.Segment);
                json.WriteString("csm", s.Csm);
                json.WriteStartArray("matches");
                foreach (var m in s.Matches)
                {
                    json.WriteStartObject();
                    json.WriteString("playbook_id", m.PlaybookId);
                    json.WriteString("state", m.State);
                    json.WriteStartArray("facts");
                    foreach (var fact in m.Facts)
                    {
                        json.WriteStringValue(fact);
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

        return Encoding.UTF8.GetString(buffer.ToArray()) + Environment.NewLine;
    }

    private static IEnumerable<(string Dimension, SortedDictionary<string, long> Counts)> Dimensions(PlaybookPreview p) =>
    [
        ("by_state", p.ByState), ("by_segment", p.BySegment), ("by_csm", p.ByCsm),
        ("tasks", p.Tasks), ("proposals", p.Proposals), ("suppressed", p.Suppressed),
    ];

    private static void Counts(StringBuilder w, string title, SortedDictionary<string, long> counts)
    {
        if (counts.Count > 0)
        {
            w.AppendLine(CultureInfo.InvariantCulture, $"  {title}: {string.Join(", ", counts.Select(c => $"{c.Key} {c.Value}"))}");
        }
    }

    private static void Row(StringBuilder w, string playbook, string dimension, string value, long count) =>
        w.AppendLine(CultureInfo.InvariantCulture, $"{Field(playbook)},{Field(dimension)},{Field(value)},{count}");

    // RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled.
    private static string Field(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
}
