namespace CrmSuite.PlaybookEngine.Diagnostics;

/// <summary>
/// One problem found in an author's file, positioned at a 1-based line and column so an editor can jump to it.
/// Rendered as <c>path:line:col: error CODE: message</c>.
/// </summary>
public sealed record Diagnostic(string Path, int Line, int Column, Severity Severity, string Code, string Message)
{
    /// <summary>True for <see cref="Severity.Error"/>: the file cannot be used until it is fixed.</summary>
    public bool IsError => Severity == Severity.Error;

    /// <summary>The diagnostic as a compiler would print it: <c>path:line:col: error CODE: message</c>.</summary>
    public override string ToString() =>
        $"{Path}:{Line}:{Column}: {(IsError ? "error" : "warning")} {Code}: {Message}";
}
