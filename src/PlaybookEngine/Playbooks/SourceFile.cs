namespace CrmSuite.PlaybookEngine.Playbooks;

/// <summary>A file's path (as shown in diagnostics) and its text; the engine never touches the file system itself.</summary>
public sealed record SourceFile(string Path, string Text);
