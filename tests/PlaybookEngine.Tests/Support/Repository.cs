using CrmSuite.PlaybookEngine.Playbooks;

namespace CrmSuite.PlaybookEngine.Tests.Support;

/// <summary>The repository the tests run from, found by walking up to CrmSuite.sln.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    /// <summary>The shipped playbooks (files under playbooks/ with <c>kind: playbook</c> or no kind), with repository-relative paths.</summary>
    public static IReadOnlyList<SourceFile> ShippedPlaybooks() =>
        [.. Directory.EnumerateFiles(Path.Combine(Root, "playbooks"), "*.md", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(f => new SourceFile(Path.GetRelativePath(Root, f).Replace('\\', '/'), File.ReadAllText(f)))
            .Where(f => FileKinds.Classify(f, new Diagnostics.DiagnosticBag()) == FileKind.Playbook)];

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CrmSuite.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"CrmSuite.sln not found above {AppContext.BaseDirectory}");
    }
}
