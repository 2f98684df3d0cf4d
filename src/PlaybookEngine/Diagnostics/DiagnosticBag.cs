using CrmSuite.PlaybookEngine.Text;

namespace CrmSuite.PlaybookEngine.Diagnostics;

/// <summary>Collects every diagnostic of a validation run so authors see all problems at once.</summary>
internal sealed class DiagnosticBag
{
    private readonly List<Diagnostic> _items = [];

    public IReadOnlyList<Diagnostic> Items => _items;

    public bool HasErrors => _items.Exists(d => d.IsError);

    public void Error(string path, int line, int column, string code, string message) =>
        _items.Add(new Diagnostic(path, line, column, Severity.Error, code, message));

    public void Warning(string path, int line, int column, string code, string message) =>
        _items.Add(new Diagnostic(path, line, column, Severity.Warning, code, message));

    public void Error(SourcePosition at, string code, string message) => Error(at.Path, at.Line, at.Column, code, message);

    public void Warning(SourcePosition at, string code, string message) => Warning(at.Path, at.Line, at.Column, code, message);

    public void Add(Diagnostic diagnostic) => _items.Add(diagnostic);

    public void AddRange(IEnumerable<Diagnostic> diagnostics) => _items.AddRange(diagnostics);

    /// <summary>Diagnostics in file order, so output reads top to bottom.</summary>
    public IReadOnlyList<Diagnostic> Sorted() =>
        [.. _items.OrderBy(d => d.Path, StringComparer.Ordinal).ThenBy(d => d.Line).ThenBy(d => d.Column)];
}
