namespace CrmSuite.Connector.Import;

/// <summary>A rejected CSV row: where (file:line), which field and why.</summary>
internal sealed record ImportError(string File, int Line, string Field, string Reason)
{
    public override string ToString() => $"{File}:{Line}: {Field}: {Reason}";
}
