namespace CrmSuite.PlaybookEngine.Playbooks;

/// <summary>A file's path (as shown in diagnostics) and its text; the engine never touches the file system itself.</summary>
/// <param name="Path">The path diagnostics name.</param>
/// <param name="Text">The file's whole text.</param>
public sealed record SourceFile(string Path, string Text);
