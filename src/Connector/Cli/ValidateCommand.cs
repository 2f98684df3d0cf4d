using CrmSuite.Connector.Playbooks;
using System.CommandLine;
using CrmSuite.PlaybookEngine.Signals;

namespace CrmSuite.Connector.Cli;

/// <summary>`crmsuite validate [paths...]`: every problem in the playbooks and price books, as path:line:col lines.</summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("paths")
        {
            Description = "Playbook files or folders (default: playbooks/)",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var command = new Command("validate", "Check playbooks and price books; prints path:line:col: error CODE: message for every problem.");
        command.Arguments.Add(paths);
        command.SetAction(result =>
        {
            var given = result.GetValue(paths) is { Length: > 0 } p ? p : ["playbooks"];
            var (files, missing, unreadable) = PlaybookFiles.Read(given);
            foreach (var path in missing)
            {
                Console.Error.WriteLine($"crmsuite validate: no such file or folder: {path}");
            }

            if (missing.Count > 0)
            {
                return ExitCodes.Usage;
            }

            var sources = SourceSet.Load(files, SignalCatalog.Default);
            var diagnostics = unreadable.Concat(sources.Diagnostics)
                .OrderBy(d => d.Path, StringComparer.Ordinal).ThenBy(d => d.Line).ThenBy(d => d.Column).ToList();
            foreach (var diagnostic in diagnostics)
            {
                Console.WriteLine(diagnostic);
            }

            var errors = diagnostics.Count(d => d.IsError);
            var warnings = diagnostics.Count - errors;
            Console.WriteLine($"{files.Count} file(s), {sources.Library.Playbooks.Length} playbook(s): {errors} error(s), {warnings} warning(s)");
            // A file refused whole (unreadable, nested too deep) is a bad file (exit 2), like a missing one; errors in what was read are exit 1.
            return diagnostics.Any(d => d.IsError && Playbooks.PublishedPlaybooks.IsRefusedFile(d.Code)) ? ExitCodes.Usage
                : errors > 0 ? ExitCodes.InputErrors : ExitCodes.Ok;
        });
        return command;
    }
}
