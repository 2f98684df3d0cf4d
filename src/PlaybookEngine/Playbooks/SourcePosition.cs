namespace CrmSuite.PlaybookEngine.Playbooks;

/// <summary>A 1-based line and column in a playbook file.</summary>
public readonly record struct SourcePosition(int Line, int Column)
{
    public SourcePosition Offset(int columns) => this with { Column = Column + columns };
}
