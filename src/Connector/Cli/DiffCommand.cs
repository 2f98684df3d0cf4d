using System.CommandLine;
using CrmSuite.Connector.Locking;
using CrmSuite.Connector.Playbooks;
using CrmSuite.Connector.Store;
using CrmSuite.Connector.Workbench;
using CrmSuite.PlaybookEngine.Diagnostics;
using CrmSuite.PlaybookEngine.Playbooks;

namespace CrmSuite.Connector.Cli;

/// <summary>
/// <c>crmsuite diff OLD NEW</c> and <c>crmsuite diff --git REV [paths]</c>: a semantic diff of playbooks, price books and
/// offers, as Markdown for a pull request, with the in-flight instances of each affected state. Exit 0 when nothing
/// changed in meaning, 1 when something did, 2 for a usage error or a file that cannot be read or has errors.
/// </summary>
internal static class DiffCommand
{
    public static Command Create(Action<IHostApplicationBuilder>? configure = null)
    {
        var data = new DataOptions();
        var paths = new Argument<string[]>("paths") { Description = "OLD NEW (two files or two folders); with --git, the files or folders to compare (default: playbooks)", Arity = ArgumentArity.ZeroOrMore };
        var git = new Option<string?>("--git") { Description = "Compare the files at this git revision with the working tree." };
        var output = new Option<string?>("--output") { Description = "Write the Markdown to this file instead of the console." };
        var command = new Command("diff", "Semantic diff of playbook versions for review: states, transitions, conditions, tasks, proposals, offers and guardrails changed.");
        command.Arguments.Add(paths);
        command.Options.Add(git);
        command.Options.Add(output);
        command.Options.Add(data.StateDb);
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var given = parsed.GetValue(paths) ?? [];
            var (pairs, exit) = parsed.GetValue(git) is { } revision
                ? await FromGitAsync(revision, given.Length > 0 ? given : ["playbooks"], cancellationToken)
                : FromFiles(given);
            if (pairs is null)
            {
                return exit;
            }

            var diffs = new List<FileDiff>();
            var errors = new List<Diagnostic>();
            foreach (var (path, oldFile, newFile) in pairs)
            {
                var old = oldFile is null ? null : DiffSources.Read(oldFile);
                var @new = newFile is null ? null : DiffSources.Read(newFile);
                errors.AddRange(old?.Errors ?? []);
                errors.AddRange(@new?.Errors ?? []);
                if ((old?.Errors.Count ?? 0) + (@new?.Errors.Count ?? 0) > 0)
                {
                    continue;
                }

                try
                {
                    diffs.Add(DiffSources.Compare(path, old, @new));
                }
                catch (DiffKindException ex)
                {
                    await Console.Error.WriteLineAsync($"crmsuite diff: {ex.Message}");
                    return ExitCodes.Usage;
                }
            }

            if (errors.Count > 0)
            {
                foreach (var error in errors)
                {
                    await Console.Error.WriteLineAsync(error.ToString());
                }

                await Console.Error.WriteLineAsync($"crmsuite diff: {errors.Count} error(s); a playbook or price book with errors cannot be compared (crmsuite validate shows them all)");
                return ExitCodes.Usage;
            }

            var changed = diffs.Any(d => d.HasChanges);
            var needsStore = diffs.Any(d => d.Playbook is { Old: not null } p && p.States.Count > 0);
            return await DataOptions.RunAsync<IStateSnapshot>("diff", data.Overrides(parsed), configure, async (store, token) =>
            {
                var counts = needsStore && store.Exists ? await store.CountInstancesAsync(null, token) : null;
                var markdown = DiffMarkdown.Render(diffs, new InFlightInstances(store.Location, store.Exists ? counts ?? [] : null));
                if (parsed.GetValue(output) is { } file)
                {
                    await File.WriteAllTextAsync(file, markdown, token);
                }
                else
                {
                    await Console.Out.WriteAsync(markdown);
                }

                return changed ? ExitCodes.InputErrors : ExitCodes.Ok;
            }, cancellationToken, writes: DataWrites.None);
        });
        return command;
    }

    private static (List<(string Path, SourceFile? Old, SourceFile? New)>? Pairs, int Exit) FromFiles(string[] given)
    {
        if (given.Length != 2)
        {
            Console.Error.WriteLine($"crmsuite diff: expected OLD and NEW (two files or two folders), or --git REV [paths]; got {given.Length} path(s)");
            return (null, ExitCodes.Usage);
        }

        var (old, @new) = (given[0], given[1]);
        var (oldFiles, oldMissing, oldUnreadable) = PlaybookFiles.Read([old]);
        var (newFiles, newMissing, newUnreadable) = PlaybookFiles.Read([@new]);
        foreach (var missing in oldMissing.Concat(newMissing))
        {
            Console.Error.WriteLine($"crmsuite diff: no such file or folder: {missing}");
        }

        foreach (var problem in oldUnreadable.Concat(newUnreadable))
        {
            Console.Error.WriteLine(problem);
        }

        if (oldMissing.Count + newMissing.Count + oldUnreadable.Count + newUnreadable.Count > 0)
        {
            return (null, ExitCodes.Usage);
        }

        if (File.Exists(old) != File.Exists(@new))
        {
            Console.Error.WriteLine("crmsuite diff: OLD and NEW must both be files or both be folders");
            return (null, ExitCodes.Usage);
        }

        if (File.Exists(old))
        {
            return ([(@new, oldFiles[0], newFiles[0])], ExitCodes.Ok);
        }

        // Two folders: files paired by their path inside each folder.
        var before = oldFiles.ToDictionary(f => Path.GetRelativePath(old, f.Path), StringComparer.Ordinal);
        var after = newFiles.ToDictionary(f => Path.GetRelativePath(@new, f.Path), StringComparer.Ordinal);
        return ([.. before.Keys.Union(after.Keys).Order(StringComparer.Ordinal)
            .Select(k => (after.GetValueOrDefault(k)?.Path ?? before[k].Path, before.GetValueOrDefault(k), after.GetValueOrDefault(k)))], ExitCodes.Ok);
    }

    private static async Task<(List<(string Path, SourceFile? Old, SourceFile? New)>? Pairs, int Exit)> FromGitAsync(
        string revision, string[] given, CancellationToken cancellationToken)
    {
        var (git, error) = await GitRevision.OpenAsync(Directory.GetCurrentDirectory(), revision, cancellationToken);
        if (git is null)
        {
            await Console.Error.WriteLineAsync($"crmsuite diff --git: {error}");
            return (null, ExitCodes.Usage);
        }

        var (files, _, unreadable) = PlaybookFiles.Read(given.Where(p => File.Exists(p) || Directory.Exists(p)));
        foreach (var problem in unreadable)
        {
            await Console.Error.WriteLineAsync(problem.ToString());
        }

        if (unreadable.Count > 0)
        {
            return (null, ExitCodes.Usage);
        }

        var working = files.ToDictionary(f => git.FromTop(f.Path), StringComparer.Ordinal);
        var atRevision = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in given)
        {
            atRevision.UnionWith(await git.ListAsync(path, cancellationToken));
        }

        if (working.Count == 0 && atRevision.Count == 0)
        {
            await Console.Error.WriteLineAsync($"crmsuite diff --git: no Markdown file under {string.Join(", ", given)} in the working tree or at {revision}");
            return (null, ExitCodes.Usage);
        }

        var pairs = new List<(string, SourceFile?, SourceFile?)>();
        foreach (var path in working.Keys.Union(atRevision).Order(StringComparer.Ordinal))
        {
            var old = atRevision.Contains(path) ? new SourceFile($"{revision}:{path}", await git.ShowAsync(path, cancellationToken)) : null;
            pairs.Add((path, old, working.GetValueOrDefault(path)));
        }

        return (pairs, ExitCodes.Ok);
    }
}
