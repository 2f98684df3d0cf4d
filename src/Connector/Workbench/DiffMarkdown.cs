using System.Text;
using CrmSuite.Connector.Store;
using CrmSuite.PlaybookEngine.Playbooks;
using CrmSuite.PlaybookEngine.Runtime;
using CrmSuite.PlaybookEngine.Signals;

namespace CrmSuite.Connector.Workbench;

/// <summary>One file of a diff: a playbook or a price book / offers file, compared old against new.</summary>
internal sealed record FileDiff(string Path, PlaybookDiff? Playbook, OfferDiff? Offers)
{
    public bool HasChanges => Playbook?.HasChanges == true || Offers?.HasChanges == true;
}

/// <summary>
/// What the state store says about in-flight instances: their counts per playbook, version and state, or null when
/// there is no state store.
/// </summary>
internal sealed record InFlightInstances(string Location, IReadOnlyList<InstanceCount>? Counts);

/// <summary>The diff as Markdown for a pull-request comment: one section per changed file, tables of old and new side by side.</summary>
internal static class DiffMarkdown
{
    public static string Render(IReadOnlyList<FileDiff> files, InFlightInstances inFlight)
    {
        var md = new StringBuilder();
        var changed = files.Where(f => f.HasChanges).ToList();
        md.AppendLine("# Playbook changes");
        md.AppendLine();
        if (changed.Count == 0)
        {
            md.AppendLine($"No semantic change in {files.Count} file(s) (formatting, spacing and order that does not change meaning are ignored).");
            return md.ToString();
        }

        md.AppendLine($"{changed.Count} of {files.Count} file(s) changed. "
            + (inFlight.Counts is null ? $"No state store ({inFlight.Location} does not exist): in-flight instances are not counted."
                : $"In-flight instances as the state store ({inFlight.Location}) holds them today."));
        foreach (var file in changed)
        {
            md.AppendLine();
            if (file.Playbook is { } playbook)
            {
                Playbook(md, file.Path, playbook, inFlight);
            }
            else if (file.Offers is { } offers)
            {
                Offers(md, offers);
            }
        }

        return md.ToString();
    }

    private static void Playbook(StringBuilder md, string path, PlaybookDiff diff, InFlightInstances inFlight)
    {
        var what = (diff.Old, diff.New) switch
        {
            (null, { } n) => $"added (v{n.Version}, {Status(n)})",
            ({ } o, null) => $"removed (was v{o.Version})",
            var (o, n) => $"v{o!.Version} → v{n!.Version}",
        };
        md.AppendLine($"## Playbook `{diff.Id}` ({path}): {what}");
        var counts = inFlight.Counts?.Where(c => c.PlaybookId == diff.Id).ToList();
        var target = diff.New is { } def ? CompiledPlaybook.Compile(def, SignalCatalog.Default) : null;
        var inForce = diff.New?.Status == PlaybookStatus.Approved;
        if (diff.Old is not null && diff.New is not null && diff.New.Version <= diff.Old.Version && Structural(diff))
        {
            md.AppendLine();
            md.AppendLine($"> **Warning:** the version was not raised (v{diff.Old.Version} → v{diff.New.Version}): running instances are migrated only to a new version number.");
        }

        if (diff.Settings.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("### Settings");
            Table(md, "setting", diff.Settings);
        }

        if (diff.States.Count == 0)
        {
            return;
        }

        md.AppendLine();
        md.AppendLine("### States");
        md.AppendLine();
        md.AppendLine("| state | change | in flight today | when the new version is published |");
        md.AppendLine("|---|---|---|---|");
        foreach (var state in diff.States)
        {
            var name = state.Kind == StateChangeKind.Renamed ? $"`{state.OldName}` → `{state.NewName}`" : $"`{state.Name}`";
            var (inFlightText, placement) = state.Kind == StateChangeKind.Added || diff.Old is null ? ("—", "—")
                : counts is null ? ("no state store", "—")
                : MigrationImpact.Of(state.OldName!, counts, target, inForce) is var impact && impact.InFlight == 0 ? ("0", "—")
                : ($"{impact.InFlight} ({impact.Versions})", impact.Placement);
            md.AppendLine($"| {name} | {Kind(state.Kind)} | {inFlightText} | {Cell(placement)} |");
        }

        foreach (var state in diff.States.Where(s => s.Kind == StateChangeKind.Changed))
        {
            md.AppendLine();
            md.AppendLine($"#### `{state.Name}`");
            if (state.Conditions.Count > 0)
            {
                md.AppendLine();
                md.Append("Conditions (old and new side by side):");
                Table(md, "transition", state.Conditions);
            }

            var rest = state.Transitions.Concat(state.Tasks).Concat(state.Proposals).Concat(state.Texts).ToList();
            if (rest.Count > 0)
            {
                Table(md, "what", rest);
            }
        }
    }

    // A change the running instances must be migrated for: states added, removed or renamed, or transitions changed.
    private static bool Structural(PlaybookDiff diff) =>
        diff.States.Any(s => s.Kind != StateChangeKind.Changed || s.Transitions.Count + s.Conditions.Count > 0);

    private static void Offers(StringBuilder md, OfferDiff diff)
    {
        md.AppendLine($"## Offers and prices ({diff.Path})");
        foreach (var (item, lines) in diff.Items)
        {
            md.AppendLine();
            md.AppendLine($"### {item}");
            Table(md, "field", lines);
        }
    }

    private static void Table(StringBuilder md, string header, IEnumerable<DiffLine> lines)
    {
        md.AppendLine();
        md.AppendLine($"| {header} | old | new |");
        md.AppendLine("|---|---|---|");
        foreach (var line in lines)
        {
            md.AppendLine($"| {Cell(line.What)} | {Cell(line.Old ?? "—")} | {Cell(line.New ?? "—")} |");
        }
    }

    private static string Kind(StateChangeKind kind) => kind switch
    {
        StateChangeKind.Added => "added",
        StateChangeKind.Removed => "removed",
        StateChangeKind.Renamed => "renamed (same transitions, tasks and proposals)",
        _ => "changed",
    };

    private static string Status(PlaybookDefinition p) => p.Status.ToString().ToLowerInvariant();

    // A table cell is one line, and a pipe inside it would end the cell.
    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\r", "", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
