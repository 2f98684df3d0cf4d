using CrmSuite.Connector.Playbooks;
using CrmSuite.PlaybookEngine.Playbooks;
using CrmSuite.PlaybookEngine.Runtime;
using CrmSuite.PlaybookEngine.Signals;

namespace CrmSuite.Connector.Cli;

/// <summary>Loads one playbook file for the verbs that work on a single playbook, printing its diagnostics.</summary>
internal static class PlaybookLoading
{
    /// <summary>The compiled playbook, or an exit code when the file is missing (2) or has errors (1).</summary>
    public static (CompiledPlaybook? Playbook, int ExitCode) LoadOne(string path, string verb)
    {
        var (files, missing, unreadable) = PlaybookFiles.Read([path]);
        foreach (var problem in unreadable)
        {
            Console.Error.WriteLine(problem);
        }

        if (unreadable.Count > 0)
        {
            return (null, ExitCodes.InputErrors);
        }

        if (missing.Count > 0 || files.Count != 1)
        {
            Console.Error.WriteLine($"crmsuite {verb}: no such playbook file: {path}");
            return (null, ExitCodes.Usage);
        }

        var sources = SourceSet.Load(files, SignalCatalog.Default);
        foreach (var diagnostic in sources.Diagnostics)
        {
            Console.Error.WriteLine(diagnostic);
        }

        if (sources.Diagnostics.Any(d => d.IsError) || sources.Library.Playbooks.IsEmpty)
        {
            Console.Error.WriteLine($"crmsuite {verb}: {path} has errors; fix them first (crmsuite validate {path})");
            return (null, ExitCodes.InputErrors);
        }

        return (CompiledPlaybook.Compile(sources.Library.Playbooks[0], SignalCatalog.Default), ExitCodes.Ok);
    }

    /// <summary>
    /// The playbooks a sync would run from <paramref name="folder"/> (approved only, refused whole on any error), with a
    /// line naming them and the drafts left out; or an exit code when the folder has errors (1).
    /// </summary>
    public static (PlaybookRuntime? Runtime, string Title, int ExitCode) LoadFolder(string folder, string verb)
    {
        var (runtime, errors) = PublishedPlaybooks.Load(folder);
        if (runtime is null)
        {
            foreach (var error in errors)
            {
                Console.Error.WriteLine(error);
            }

            Console.Error.WriteLine($"crmsuite {verb}: {folder} has errors; fix them first (crmsuite validate {folder})");
            return (null, "", ExitCodes.InputErrors);
        }

        var title = PublishedPlaybooks.Describe(folder, runtime);
        return (runtime, title, ExitCodes.Ok);
    }
}
