using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace CrmSuite.PlaybookEngine.Text;

/// <summary>
/// The YAML front matter of a Markdown file, loaded: its root mapping, and the file positions of its nodes (YamlDotNet
/// counts lines from the first YAML line; an author counts them from the top of the file).
/// </summary>
internal sealed class FrontMatter(YamlMappingNode root, string path, int firstLine)
{
    public YamlMappingNode Root => root;

    public string Path => path;

    /// <summary>The 1-based file line of the first YAML line, just below the opening <c>---</c>.</summary>
    public int FirstLine => firstLine;

    public SourcePosition At(YamlNode node) => At(node.Start);

    public SourcePosition At(Mark mark) => Locate(mark, path, firstLine);

    /// <summary>The file position of a YamlDotNet mark in YAML whose first line is file line <paramref name="firstLine"/>.</summary>
    public static SourcePosition Locate(Mark mark, string path, int firstLine) => new(path, (int)mark.Line + firstLine - 1, (int)mark.Column);
}
