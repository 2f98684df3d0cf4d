using System.Globalization;
using CrmSuite.PlaybookEngine.Diagnostics;
using CrmSuite.PlaybookEngine.Text;
using YamlDotNet.RepresentationModel;

namespace CrmSuite.PlaybookEngine.Playbooks;

/// <summary>
/// Typed, positioned reads of a mapping of a playbook's front matter. Every bad or missing field becomes a diagnostic
/// (PB003–PB005) at the field's place in the file.
/// </summary>
internal sealed class YamlFields(YamlMappingNode map, FrontMatter source, DiagnosticBag diagnostics)
{
    /// <summary>Fields of the front matter's root mapping.</summary>
    public YamlFields(FrontMatter source, DiagnosticBag diagnostics)
        : this(source.Root, source, diagnostics)
    {
    }

    public YamlMappingNode Map => map;

    public SourcePosition PositionOf(YamlNode node) => source.At(node);

    public SourcePosition MapPosition => PositionOf(map);

    public YamlNode? Node(string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

    public (string? Value, SourcePosition Position) Text(string key, bool required)
    {
        var node = Node(key);
        if (node is null)
        {
            if (required)
            {
                Error(MapPosition, "PB003", $"missing required field `{key}`");
            }

            return (null, MapPosition);
        }

        if (node is YamlScalarNode { Value: { Length: > 0 } value })
        {
            return (value, PositionOf(node));
        }

        Error(PositionOf(node), "PB004", $"field `{key}` must be a non-empty text value");
        return (null, PositionOf(node));
    }

    public int? Int(string key, bool required, int min)
    {
        var (text, position) = Text(key, required);
        if (text is null)
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min)
        {
            return value;
        }

        Error(position, "PB004", $"field `{key}` must be a whole number of at least {min}, got `{text}`");
        return null;
    }

    public bool? Bool(string key)
    {
        var (text, position) = Text(key, required: false);
        if (text is null)
        {
            return null;
        }

        if (bool.TryParse(text, out var value))
        {
            return value;
        }

        Error(position, "PB004", $"field `{key}` must be true or false, got `{text}`");
        return null;
    }

    public TEnum? Enum<TEnum>(string key, bool required)
        where TEnum : struct, Enum
    {
        var (text, position) = Text(key, required);
        return text is null ? null : EnumValue<TEnum>(key, text, position);
    }

    public TEnum? EnumValue<TEnum>(string key, string text, SourcePosition position)
        where TEnum : struct, Enum
    {
        if (System.Enum.TryParse<TEnum>(text, ignoreCase: true, out var value) && System.Enum.IsDefined(value) && !int.TryParse(text, out _))
        {
            return value;
        }

        var names = System.Enum.GetNames<TEnum>().Select(n => n.ToLowerInvariant()).ToArray();
        Error(position, "PB004", $"field `{key}` has invalid value `{text}`; expected one of {string.Join(", ", names)}{NameSuggester.Hint(text, names)}");
        return null;
    }

    /// <summary>A list of scalars; a single scalar is read as a one-item list.</summary>
    public List<(string Value, SourcePosition Position)> List(YamlNode node, string key)
    {
        switch (node)
        {
            case YamlScalarNode { Value: { } single } when single.Length > 0:
                return [(single, PositionOf(node))];
            case YamlSequenceNode sequence:
                var items = new List<(string, SourcePosition)>();
                foreach (var item in sequence.Children)
                {
                    if (item is YamlScalarNode { Value: { } value })
                    {
                        items.Add((value, PositionOf(item)));
                    }
                    else
                    {
                        Error(PositionOf(item), "PB004", $"field `{key}` must list plain values");
                    }
                }

                return items;
            default:
                Error(PositionOf(node), "PB004", $"field `{key}` must be a list, e.g. [a, b]");
                return [];
        }
    }

    public YamlFields? Nested(string key)
    {
        var node = Node(key);
        if (node is null)
        {
            return null;
        }

        if (node is YamlMappingNode nested)
        {
            return new YamlFields(nested, source, diagnostics);
        }

        Error(PositionOf(node), "PB004", $"field `{key}` must be a mapping of `name: value` lines");
        return null;
    }

    /// <summary>
    /// Reports keys not in <paramref name="known"/>. In a <paramref name="strict"/> mapping (applies_to, guardrails) every
    /// unknown key is error PB007, since the filter or guardrail the author meant is not applied. Elsewhere a key that is
    /// close to a known one, or that <paramref name="misplaced"/> explains (a guardrail written at the top level), is
    /// error PB007 for the same reason; any other key is extra information, warning PB005.
    /// </summary>
    public void ReportUnknownKeys(IReadOnlyCollection<string> known, string where, bool strict, Func<string, string?>? misplaced = null)
    {
        foreach (var key in map.Children.Keys)
        {
            if (key is not YamlScalarNode { Value: { } name } || known.Contains(name))
            {
                continue;
            }

            var hint = NameSuggester.Hint(name, known);
            if (misplaced?.Invoke(name) is { } advice)
            {
                Error(PositionOf(key), "PB007", $"field `{name}` is not applied here: {advice}");
            }
            else if (strict || hint.Length > 0)
            {
                Error(PositionOf(key), "PB007",
                    $"unknown field `{name}` in {where}, so it is not applied; expected one of {string.Join(", ", known)}{hint}");
            }
            else
            {
                diagnostics.Warning(PositionOf(key), "PB005", $"unknown field `{name}` in {where}; it is ignored");
            }
        }
    }

    public void Error(SourcePosition at, string code, string message) => diagnostics.Error(at, code, message);
}
