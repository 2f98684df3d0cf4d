using CrmSuite.PlaybookEngine.Playbooks;

namespace CrmSuite.Connector.Playbooks;

/// <summary>Expands the paths given on a command line into Markdown source files, in a stable order.</summary>
internal static class PlaybookFiles
{
    public static (List<SourceFile> Files, List<string> Missing) Read(IEnumerable<string> paths)
    {
        var files = new List<SourceFile>();
        var missing = new List<string>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                var found = Directory.EnumerateFiles(path, "*.md", SearchOption.AllDirectories)
                    .Where(f => !Path.GetFileName(f).Equals("README.md", StringComparison.OrdinalIgnoreCase))
                    .Order(StringComparer.Ordinal);
                files.AddRange(found.Select(f => new SourceFile(Relative(f), File.ReadAllText(f))));
            }
            else if (File.Exists(path))
            {
                files.Add(new SourceFile(Relative(path), File.ReadAllText(path)));
            }
            else
            {
                missing.Add(path);
            }
        }

        return (files, missing);
    }

    private static string Relative(string path)
    {
        var relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), path);
        return relative.StartsWith("..", StringComparison.Ordinal) ? path : relative;
    }
}
