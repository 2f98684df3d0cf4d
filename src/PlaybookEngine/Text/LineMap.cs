namespace CrmSuite.PlaybookEngine.Text;

/// <summary>Maps character offsets of a file to 1-based line and column.</summary>
internal sealed class LineMap
{
    private readonly string _path;
    private readonly List<int> _lineStarts = [0];

    public LineMap(string text, string path)
    {
        _path = path;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                _lineStarts.Add(i + 1);
            }
        }
    }

    public SourcePosition At(int offset)
    {
        var index = _lineStarts.BinarySearch(offset);
        var line = index >= 0 ? index : ~index - 1;
        return new SourcePosition(_path, line + 1, offset - _lineStarts[line] + 1);
    }
}
