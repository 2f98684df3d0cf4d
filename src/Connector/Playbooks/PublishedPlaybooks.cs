using CrmSuite.PlaybookEngine.Diagnostics;
using CrmSuite.PlaybookEngine.Playbooks;
using CrmSuite.PlaybookEngine.Runtime;
using CrmSuite.PlaybookEngine.Signals;

namespace CrmSuite.Connector.Playbooks;

/// <summary>Loads the playbook folder the connector runs: only approved playbooks, and only when every file is free of errors.</summary>
internal static class PublishedPlaybooks
{
    public const string DefaultFolder = "playbooks";

    /// <summary>The runtime, or the errors that stop the connector from running a half-valid set of playbooks.</summary>
    public static (PlaybookRuntime? Runtime, IReadOnlyList<Diagnostic> Errors) Load(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return (null, [new Diagnostic(folder, 1, 1, Severity.Error, FolderNotFoundCode, "playbook folder not found; set Connector:PlaybooksPath")]);
        }

        var read = PlaybookFiles.Read([folder]);
        var sources = SourceSet.Load(read.Files, SignalCatalog.Default);
        var errors = read.Unreadable.Concat(sources.Diagnostics.Where(d => d.IsError)).ToList();
        return errors.Count > 0 ? (null, errors) : (PlaybookRuntime.FromLibrary(sources.Library, SignalCatalog.Default), []);
    }

    /// <summary>
    /// The line naming a loaded folder's playbooks, for reports: "the 2 approved playbook(s) of playbooks (churn-rescue v3,
    /// onboarding v2)", and "; drafts left out: …" when the folder holds drafts a sync would not run.
    /// </summary>
    public static string Describe(string folder, PlaybookRuntime runtime)
    {
        var drafts = SourceSet.Load(PlaybookFiles.Read([folder]).Files, SignalCatalog.Default).Library.Playbooks
            .Where(p => p.Status == PlaybookStatus.Draft).Select(p => p.Id).ToList();
        var names = string.Join(", ", runtime.Playbooks.Select(p => $"{p.Id} v{p.Version}"));
        return $"the {runtime.Playbooks.Length} approved playbook(s) of {folder} ({names})" +
            (drafts.Count == 0 ? "" : $"; drafts left out: {string.Join(", ", drafts)}");
    }

    /// <summary>Loads or throws with every error listed; for the host and verbs that cannot run without playbooks.</summary>
    public static PlaybookRuntime LoadOrThrow(string folder)
    {
        var (runtime, errors) = Load(folder);
        return runtime ?? throw new PlaybookLoadException(
            $"The playbooks in {folder} have errors; run `crmsuite validate {folder}`:{Environment.NewLine}{string.Join(Environment.NewLine, errors)}",
            errors.Any(e => IsRefusedFile(e.Code)));
    }

    /// <summary>
    /// The folder or a file is refused whole rather than read and found wrong: not found (PB000), unreadable (PB090), or
    /// nested past the parser's bounds (PB008). Verbs exit 2 on these, 1 on errors in what was read.
    /// </summary>
    public static bool IsRefusedFile(string code) => code is FolderNotFoundCode or PlaybookFiles.UnreadableCode or TooDeepCode;

    private const string FolderNotFoundCode = "PB000";
    private const string TooDeepCode = "PB008";
}

/// <summary>The playbooks the connector should run have errors; the message lists each as path:line:col.</summary>
/// <param name="filesRefused">
/// The folder or a file in it was refused whole (see <see cref="PublishedPlaybooks.IsRefusedFile"/>), rather than read and
/// found wrong.
/// </param>
internal sealed class PlaybookLoadException(string message, bool filesRefused) : Exception(message)
{
    public bool FilesRefused { get; } = filesRefused;
}
