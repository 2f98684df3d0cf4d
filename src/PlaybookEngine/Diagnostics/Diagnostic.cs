namespace CrmSuite.PlaybookEngine.Diagnostics;

/// <summary>
/// One problem found in an author's file, positioned at a 1-based line and column so an editor can jump to it.
/// Rendered as <c>path:line:col: error CODE: message</c>.
/// </summary>
/// <param name="Path">The file, as the caller named it.</param>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column.</param>
/// <param name="Severity">Error or warning.</param>
/// <param name="Code">A stable code documented in docs/ (PB… for playbooks, PR… for price books and offers).</param>
/// <param name="Message">What is wrong and what was expected, with a suggestion where one is obvious.</param>
public sealed record Diagnostic(string Path, int Line, int Column, Severity Severity, string Code, string Message)
{
    /// <summary>True for <see cref="Severity.Error"/>: the file cannot be used until it is fixed.</summary>
    public bool IsError => Severity == Severity.Error;

    /// <summary>The diagnostic as a compiler would print it: <c>path:line:col: error CODE: message</c>.</summary>
    public override string ToString() =>
        $"{Path}:{Line}:{Column}: {(IsError ? "error" : "warning")} {Code}: {Message}";
}
