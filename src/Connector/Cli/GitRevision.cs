using System.Diagnostics;

namespace CrmSuite.Connector.Cli;

/// <summary>Files of a git revision, read through the <c>git</c> executable (<c>git ls-tree</c>, <c>git show rev:path</c>).</summary>
internal sealed class GitRevision
{
    private readonly string _revision;

    private GitRevision(string top, string revision)
    {
        Top = top;
        _revision = revision;
    }

    /// <summary>The working tree's top folder.</summary>
    public string Top { get; }

    /// <summary>The revision in the repository around <paramref name="workingDirectory"/>, or the error git gave.</summary>
    public static async Task<(GitRevision? Revision, string? Error)> OpenAsync(string workingDirectory, string revision, CancellationToken cancellationToken)
    {
        var (top, topError) = await RunAsync(workingDirectory, cancellationToken, "rev-parse", "--show-toplevel");
        if (top is null)
        {
            return (null, $"not in a git repository ({topError})");
        }

        var (_, revError) = await RunAsync(workingDirectory, cancellationToken, "rev-parse", "--verify", "--quiet", revision + "^{commit}");
        return revError is null ? (new GitRevision(top.Trim(), revision), null) : (null, $"unknown git revision `{revision}`");
    }

    /// <summary>The Markdown files under <paramref name="path"/> (a file or folder of the working tree) at this revision, as paths from the top.</summary>
    public async Task<IReadOnlyList<string>> ListAsync(string path, CancellationToken cancellationToken)
    {
        var (output, error) = await RunAsync(Top, cancellationToken, "ls-tree", "-r", "--full-name", "--name-only", _revision, "--", FromTop(path));
        if (output is null)
        {
            throw new InvalidOperationException($"git ls-tree {_revision} {path}: {error}");
        }

        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(f => f.EndsWith(".md", StringComparison.Ordinal)
            && !Path.GetFileName(f).Equals("README.md", StringComparison.OrdinalIgnoreCase))];
    }

    /// <summary>The text of <paramref name="fromTop"/> at this revision.</summary>
    public async Task<string> ShowAsync(string fromTop, CancellationToken cancellationToken)
    {
        var (output, error) = await RunAsync(Top, cancellationToken, "show", $"{_revision}:{fromTop}");
        return output ?? throw new InvalidOperationException($"git show {_revision}:{fromTop}: {error}");
    }

    /// <summary>A working-tree path as git names it from the top folder.</summary>
    public string FromTop(string path) => Path.GetRelativePath(Top, Path.GetFullPath(path)).Replace('\\', '/');

    private static async Task<(string? Output, string? Error)> RunAsync(string workingDirectory, CancellationToken cancellationToken, params string[] args)
    {
        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        try
        {
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            return process.ExitCode == 0 ? (await output, null) : (null, (await error).Trim() is { Length: > 0 } e ? e : $"git exited with {process.ExitCode}");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return (null, $"cannot run git: {ex.Message}");
        }
    }
}
