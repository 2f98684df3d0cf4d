namespace CrmSuite.PlaybookEngine.Diagnostics;

/// <summary>
/// One problem found in an author's file, positioned at a 1-based line and column so an editor can jump to it.
/// Rendered as <c>path:line:col: error CODE: message</c>.
/// </summary>
public sealed record Diagnostic(string Path, int Line, int Column, Severity Severity, string Code, string Message)
{
    public bool IsError => Severity == Severity.Error;

    public override string ToString() =>
        $"{Path}:{Line}:{Column}: {(IsError ? "error" : "warning")} {Code}: {Message}";
}
