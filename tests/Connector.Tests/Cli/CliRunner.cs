using System.Diagnostics;

namespace CrmSuite.Connector.Tests.Cli;

/// <summary>Runs the real `crmsuite` executable (built next to the tests) in the repository root.</summary>
internal static class CliRunner
{
    public static string RepositoryRoot { get; } = FindRoot();

    public sealed record Result(int ExitCode, string Output, string Error);

    public static Task<Result> RunAsync(params string[] args) => RunInAsync(RepositoryRoot, args);

    /// <summary>Runs the executable in <paramref name="workingDirectory"/> (where it looks for playbooks/ and data/).</summary>
    public static Task<Result> RunInAsync(string workingDirectory, params string[] args) => RunInAsync(workingDirectory, new Dictionary<string, string>(), args);

    /// <summary>Runs the executable in <paramref name="workingDirectory"/> with extra environment variables for that process only.</summary>
    public static async Task<Result> RunInAsync(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = StartInfo(args, redirect: true);
        start.WorkingDirectory = workingDirectory;
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new Result(process.ExitCode, await output, await error);
    }

    /// <summary>Starts the executable without reading its output (for tests that kill it).</summary>
    public static Process Start(params string[] args) => Process.Start(StartInfo(args, redirect: false))!;

    /// <summary>Starts the executable with extra environment variables for that process only (e.g. CRMSUITE_ settings).</summary>
    public static Process Start(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = StartInfo(args, redirect: false);
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return Process.Start(start)!;
    }

    private static ProcessStartInfo StartInfo(string[] args, bool redirect)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (!redirect)
        {
            start.RedirectStandardOutput = false;
            start.RedirectStandardError = false;
        }

        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "crmsuite.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return start;
    }

    public static string TempFile(string name, string content)
    {
        var folder = Path.Combine(Path.GetTempPath(), "crmsuite-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CrmSuite.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("CrmSuite.sln not found above the test binaries.");
    }
}
