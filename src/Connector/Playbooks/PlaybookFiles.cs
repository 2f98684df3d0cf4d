using CrmSuite.PlaybookEngine.Diagnostics;
using CrmSuite.PlaybookEngine.Playbooks;

namespace CrmSuite.Connector.Playbooks;

/// <summary>
/// Expands the paths given on a command line into Markdown source files, in a stable order. A file or folder that cannot
/// be read (no permission, a dangling symbolic link, a FIFO or other non-regular file named <c>*.md</c>) is not an abort:
/// it becomes error PB090 naming it, and every readable file is still read.
/// </summary>
internal static class PlaybookFiles
{
    /// <summary>The code of a playbook file or folder that cannot be read.</summary>
    public const string UnreadableCode = "PB090";

    public static PlaybookFileSet Read(IEnumerable<string> paths) => Read(paths, SourceText.Read);

    /// <param name="paths">Files or folders, as the user named them.</param>
    /// <param name="readText">Reads one file's text; the tests inject a failing one.</param>
    public static PlaybookFileSet Read(IEnumerable<string> paths, Func<string, string> readText)
    {
        var files = new List<SourceFile>();
        var missing = new List<string>();
        var unreadable = new List<Diagnostic>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                var found = new List<string>();
                Walk(path, found, unreadable, new HashSet<string>(StringComparer.Ordinal));
                found.Sort(StringComparer.Ordinal);
                foreach (var file in found)
                {
                    Add(file, readText, files, unreadable);
                }
            }
            else if (File.Exists(path) || LinkTarget(path) is not null)
            {
                Add(path, readText, files, unreadable);
            }
            else
            {
                missing.Add(path);
            }
        }

        return new PlaybookFileSet(files, missing, unreadable);
    }

    private static void Walk(string folder, List<string> found, List<Diagnostic> unreadable, HashSet<string> visited)
    {
        // A symbolic link back up the tree would otherwise be walked forever.
        if (!visited.Add(RealPath(folder)))
        {
            return;
        }

        List<FileSystemInfo> entries;
        try
        {
            entries = [.. new DirectoryInfo(folder).EnumerateFileSystemInfos()];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            unreadable.Add(Unreadable(folder, $"cannot read this folder: {Reason(ex)}; its playbooks are not loaded"));
            return;
        }

        foreach (var entry in entries)
        {
            if (entry is DirectoryInfo)
            {
                Walk(entry.FullName, found, unreadable, visited);
            }
            else if (entry.Name.EndsWith(".md", StringComparison.Ordinal)
                && !entry.Name.Equals("README.md", StringComparison.OrdinalIgnoreCase))
            {
                found.Add(entry.FullName);
            }
        }
    }

    private static void Add(string path, Func<string, string> readText, List<SourceFile> files, List<Diagnostic> unreadable)
    {
        var shown = Relative(path);
        try
        {
            files.Add(new SourceFile(shown, readText(path)));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            unreadable.Add(Unreadable(shown, Describe(path, ex)));
        }
    }

    private static string Describe(string path, Exception ex)
    {
        if (LinkTarget(path) is { } target && !Path.Exists(target))
        {
            return $"cannot read this file: it is a symbolic link to {target}, which does not exist; fix or remove the link";
        }

        return ex is NotARegularFileException
            ? $"skipped: {ex.Message}; a playbook is a regular Markdown file"
            : $"cannot read this file: {Reason(ex)}";
    }

    private static string? LinkTarget(string path)
    {
        try
        {
            return File.ResolveLinkTarget(path, returnFinalTarget: false)?.FullName;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static string Reason(Exception ex) => ex switch
    {
        UnauthorizedAccessException => "permission denied",
        _ => ex.Message,
    };

    private static Diagnostic Unreadable(string path, string message) =>
        new(Relative(path), 1, 1, Severity.Error, UnreadableCode, message);

    private static string RealPath(string folder)
    {
        try
        {
            return Directory.ResolveLinkTarget(folder, returnFinalTarget: true)?.FullName ?? Path.GetFullPath(folder);
        }
        catch (IOException)
        {
            return Path.GetFullPath(folder);
        }
    }

    private static string Relative(string path)
    {
        var relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), path);
        return relative.StartsWith("..", StringComparison.Ordinal) ? path : relative;
    }
}

/// <summary>The files read, the paths that do not exist, and an error for each file or folder that could not be read.</summary>
internal sealed record PlaybookFileSet(List<SourceFile> Files, List<string> Missing, List<Diagnostic> Unreadable);
