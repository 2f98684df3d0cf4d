namespace CrmSuite.PlaybookEngine.Offers;

/// <summary>Where something was declared: file path and 1-based line and column, for diagnostics that point at it.</summary>
public readonly record struct SourcePosition(string Path, int Line, int Column)
{
    public override string ToString() => $"{Path}:{Line}:{Column}";
}
