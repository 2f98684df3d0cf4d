using System.Text.RegularExpressions;
using CrmSuite.Connector.Tests.Cli;

namespace CrmSuite.Connector.Tests.Architecture;

/// <summary>
/// The connector's shape, read from its source: the folders depend on each other one way, and an adapter's types are
/// used only in its own folder and the composition root that names it.
/// </summary>
public sealed partial class ConnectorShapeTests
{
    private static readonly string Source = Path.Combine(CliRunner.RepositoryRoot, "src", "Connector");

    [Fact]
    public void The_connector_s_folders_depend_on_each_other_without_a_cycle()
    {
        var graph = FolderGraph();

        var cycle = FindCycle(graph);

        Assert.True(cycle is null, $"folder cycle: {string.Join(" -> ", cycle ?? [])}");
    }

    [Theory]
    [InlineData("Crm/Embedded", "Hosting/ConnectorComposition.cs")]
    [InlineData("Store/Sqlite", "Hosting/ConnectorComposition.cs")]
    [InlineData("Store/PostgreSql", "Hosting/ConnectorComposition.cs")]
    public void An_adapter_s_types_are_used_only_in_its_folder_and_its_one_registration(string adapter, string registration)
    {
        var adapterTypes = Files(adapter).SelectMany(f => DeclaredTypes(File.ReadAllText(f))).ToHashSet(StringComparer.Ordinal);
        var offenders = Files("")
            .Where(f => !Relative(f).StartsWith(adapter + "/", StringComparison.Ordinal) && Relative(f) != registration)
            .SelectMany(f => adapterTypes.Where(t => Mentions(Code(f), t)).Select(t => $"{Relative(f)} uses {t}"))
            .ToList();

        Assert.NotEmpty(adapterTypes);
        Assert.Empty(offenders);
    }

    private static Dictionary<string, HashSet<string>> FolderGraph()
    {
        var files = Files("").ToList();
        var owner = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            foreach (var type in DeclaredTypes(File.ReadAllText(file)))
            {
                owner.TryAdd(type, TopFolder(file));
            }
        }

        var graph = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var from = TopFolder(file);
            var code = Code(file);
            var edges = graph.TryGetValue(from, out var set) ? set : graph[from] = [];
            foreach (Match m in UsingDirective().Matches(code))
            {
                if (m.Groups[1].Value != from && m.Groups[1].Value.Length > 0)
                {
                    edges.Add(m.Groups[1].Value);
                }
            }

            foreach (var (type, folder) in owner)
            {
                if (folder != from && Mentions(code, type))
                {
                    edges.Add(folder);
                }
            }
        }

        return graph;
    }

    private static List<string>? FindCycle(Dictionary<string, HashSet<string>> graph)
    {
        var state = new Dictionary<string, int>(StringComparer.Ordinal);
        var path = new List<string>();

        List<string>? Visit(string node)
        {
            state[node] = 1;
            path.Add(node);
            foreach (var next in graph.TryGetValue(node, out var edges) ? edges : [])
            {
                if (state.GetValueOrDefault(next) == 1)
                {
                    return [.. path.SkipWhile(p => p != next), next];
                }

                if (state.GetValueOrDefault(next) == 0 && Visit(next) is { } found)
                {
                    return found;
                }
            }

            path.RemoveAt(path.Count - 1);
            state[node] = 2;
            return null;
        }

        return graph.Keys.Order(StringComparer.Ordinal).Select(n => state.GetValueOrDefault(n) == 0 ? Visit(n) : null).FirstOrDefault(c => c is not null);
    }

    private static IEnumerable<string> Files(string folder) =>
        Directory.EnumerateFiles(Path.Combine(Source, folder), "*.cs", SearchOption.AllDirectories)
            .Where(f => !Relative(f).StartsWith("obj/", StringComparison.Ordinal) && !Relative(f).StartsWith("bin/", StringComparison.Ordinal));

    private static string Relative(string file) => Path.GetRelativePath(Source, file).Replace('\\', '/');

    private static string TopFolder(string file) => Relative(file).Split('/') is { Length: > 1 } parts ? parts[0] : "";

    // Top-level declarations only: file-scoped namespaces leave them unindented; nested helpers are private to their file.
    private static IEnumerable<string> DeclaredTypes(string code) =>
        TopLevelType().Matches(code).Select(m => m.Groups[1].Value);

    private static string Code(string file) => Comment().Replace(File.ReadAllText(file), "");

    private static bool Mentions(string code, string type) => Regex.IsMatch(code, $@"(?<![\w.""]){Regex.Escape(type)}\b");

    [GeneratedRegex(@"^(?:public|internal)\s(?:[\w\s]*?)(?:class|record|struct|interface|enum)\s+([A-Z]\w*)", RegexOptions.Multiline)]
    private static partial Regex TopLevelType();

    [GeneratedRegex(@"^using CrmSuite\.Connector\.(\w+)", RegexOptions.Multiline)]
    private static partial Regex UsingDirective();

    [GeneratedRegex(@"//.*")]
    private static partial Regex Comment();
}
