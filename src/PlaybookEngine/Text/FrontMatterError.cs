using YamlDotNet.Core;

namespace CrmSuite.PlaybookEngine.Text;

/// <summary>Why a file has no usable front matter. Each file format words its own diagnostic for each.</summary>
internal enum FrontMatterProblem
{
    /// <summary>The file does not start with a <c>---</c> line.</summary>
    Missing,

    /// <summary>No closing <c>---</c> (or <c>...</c>) line follows the YAML.</summary>
    NotClosed,

    /// <summary>YamlDotNet rejected the YAML with a positioned <see cref="YamlException"/>.</summary>
    InvalidYaml,

    /// <summary>The YAML ends inside a flow collection (<c>[…</c>, <c>{…</c>); YamlDotNet gives no position for that.</summary>
    Unfinished,

    /// <summary>
    /// Something follows a value on its line that YamlDotNet cannot place (an alias after a flow collection:
    /// <c>tags: [a, b] *x</c>); YamlDotNet gives no position for that, nor does the last event read.
    /// </summary>
    Misplaced,

    /// <summary>
    /// The YAML could not be loaded and a line is indented with a tab, which YAML forbids; YamlDotNet places that error at
    /// the end of the line before, so the tab's own position is reported instead.
    /// </summary>
    Tab,

    /// <summary>The YAML is not a mapping of <c>key: value</c> lines (e.g. a list, or nothing at all).</summary>
    NotMapping,
}

/// <summary>A front matter that could not be loaded.</summary>
/// <param name="Problem">What is wrong.</param>
/// <param name="At">
/// Where: the file start for <see cref="FrontMatterProblem.Missing"/>, <see cref="FrontMatterProblem.NotClosed"/> and
/// <see cref="FrontMatterProblem.NotMapping"/>; YamlDotNet's position for <see cref="FrontMatterProblem.InvalidYaml"/>;
/// the end of the last YAML event read for <see cref="FrontMatterProblem.Unfinished"/>; the first YAML line for
/// <see cref="FrontMatterProblem.Misplaced"/>; the tab itself for <see cref="FrontMatterProblem.Tab"/>.
/// </param>
/// <param name="FirstLine">The 1-based file line of the first YAML line (1 when there is no front matter).</param>
/// <param name="Exception">YamlDotNet's exception, for <see cref="FrontMatterProblem.InvalidYaml"/>.</param>
internal sealed record FrontMatterError(FrontMatterProblem Problem, SourcePosition At, int FirstLine, YamlException? Exception = null);
