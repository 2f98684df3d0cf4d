namespace CrmSuite.PlaybookEngine.Text;

/// <summary>
/// Where something was written in an author's file (a playbook, a price book, an offers file): the path as diagnostics
/// show it and a 1-based line and column, so an editor can jump there. Prints as <c>path:line:col</c>.
/// </summary>
/// <param name="Path">The file's path as the caller named it.</param>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column.</param>
public readonly record struct SourcePosition(string Path, int Line, int Column)
{
    /// <summary>The same line, <paramref name="columns"/> further right (left when negative).</summary>
    internal SourcePosition Offset(int columns) => this with { Column = Column + columns };

    /// <inheritdoc/>
    public override string ToString() => $"{Path}:{Line}:{Column}";
}
