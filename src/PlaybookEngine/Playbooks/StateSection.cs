using CrmSuite.PlaybookEngine.Text;
using Markdig.Syntax;

namespace CrmSuite.PlaybookEngine.Playbooks;

/// <summary>The blocks under one level-3 heading of a state (or before the first, for the description).</summary>
internal sealed class StateSection(string title, SourcePosition position)
{
    public string Title { get; } = title;

    public SourcePosition Position { get; } = position;

    public List<Block> Blocks { get; } = [];

    public SourcePosition ContentPosition(LineMap lines) => Blocks.Count == 0 ? Position : lines.At(Blocks[0].Span.Start);

    public string Markdown(string source) =>
        Blocks.Count == 0 ? "" : source[Blocks[0].Span.Start..(Blocks[^1].Span.End + 1)].Trim();
}

/// <summary>A state heading and its sections, before the sections are read.</summary>
internal sealed class RawState(string name, bool isFinal, SourcePosition position)
{
    public string Name { get; } = name;

    public bool IsFinal { get; } = isFinal;

    public SourcePosition Position { get; } = position;

    public StateSection Description { get; } = new("", position);

    public List<StateSection> Sections { get; } = [];

    public StateSection Current => Sections.Count > 0 ? Sections[^1] : Description;
}
