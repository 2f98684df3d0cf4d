using System.Globalization;
using CrmSuite.PlaybookEngine.Diagnostics;
using CrmSuite.PlaybookEngine.Text;
using YamlDotNet.RepresentationModel;

namespace CrmSuite.PlaybookEngine.Offers;

/// <summary>
/// Reads typed values out of YAML nodes, reporting each problem at the node's own line and column and carrying on, so an
/// author sees every error of the file at once.
/// </summary>
internal sealed class YamlNodeReader(FrontMatter source, DiagnosticBag diagnostics)
{
    public string Path => source.Path;

    public DiagnosticBag Diagnostics => diagnostics;

    public SourcePosition At(YamlNode node) => source.At(node);

    public void Error(YamlNode node, string code, string message) => diagnostics.Error(At(node), code, message);

    /// <summary>Reports keys of <paramref name="map"/> that are not in <paramref name="allowed"/>, with a suggestion.</summary>
    public void RejectUnknownKeys(YamlMappingNode map, string where, IReadOnlyCollection<string> allowed)
    {
        foreach (var key in map.Children.Keys)
        {
            var name = (key as YamlScalarNode)?.Value ?? "";
            if (!allowed.Contains(name))
            {
                Error(key, OfferCodes.UnknownKey, $"unknown key `{name}` in {where}{NameSuggester.Hint(name, allowed)}; expected one of {string.Join(", ", allowed)}");
            }
        }
    }

    public YamlNode? Optional(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var value) && !IsNull(value) ? value : null;

    public YamlNode? Required(YamlMappingNode map, string key, string where)
    {
        var node = Optional(map, key);
        if (node is null)
        {
            Error(map, OfferCodes.MissingKey, $"missing `{key}` in {where}");
        }

        return node;
    }

    public string? Text(YamlNode? node, string what)
    {
        if (node is null)
        {
            return null;
        }

        if (node is YamlScalarNode { Value: { Length: > 0 } value })
        {
            return value;
        }

        Error(node, OfferCodes.BadValue, $"{what}: expected text");
        return null;
    }

    public YamlMappingNode? Mapping(YamlNode? node, string what)
    {
        if (node is null or YamlMappingNode)
        {
            return node as YamlMappingNode;
        }

        Error(node, OfferCodes.BadValue, $"{what}: expected a mapping of `key: value` entries");
        return null;
    }

    public YamlSequenceNode? Sequence(YamlNode? node, string what)
    {
        if (node is null or YamlSequenceNode)
        {
            return node as YamlSequenceNode;
        }

        Error(node, OfferCodes.BadValue, $"{what}: expected a list (lines starting with `- `)");
        return null;
    }

    public int? Int(YamlNode? node, string what, int min = int.MinValue, int max = int.MaxValue)
    {
        if (node is null)
        {
            return null;
        }

        if (node is YamlScalarNode { Value: { } text } && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        var range = (min > int.MinValue, max < int.MaxValue) switch
        {
            (true, true) => $" from {min} to {max}",
            (true, false) => $" of at least {min}",
            (false, true) => $" of at most {max}",
            _ => "",
        };
        Error(node, OfferCodes.BadValue, $"{what}: expected a whole number{range}, got `{Raw(node)}`");
        return null;
    }

    public decimal? Decimal(YamlNode? node, string what)
    {
        if (node is null)
        {
            return null;
        }

        if (node is YamlScalarNode { Value: { } text } && decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var value) && value >= 0)
        {
            return value;
        }

        Error(node, OfferCodes.BadValue, $"{what}: expected a non-negative number such as `12.50`, got `{Raw(node)}`");
        return null;
    }

    /// <summary>
    /// A non-negative number no larger than <paramref name="maximum"/>: the bound keeps every product pricing makes of it
    /// (seats × price × months × terms, hours × cost × weeks) inside <see cref="decimal"/>, so pricing never overflows.
    /// </summary>
    public decimal? Decimal(YamlNode? node, string what, decimal maximum)
    {
        if (Decimal(node, what) is not { } value)
        {
            return null;
        }

        if (value > maximum)
        {
            Error(node!, OfferCodes.BadValue, $"{what}: {Raw(node!)} is larger than the largest allowed value, {maximum:0.##}");
            return null;
        }

        return value;
    }

    /// <summary>A percentage written <c>15%</c>, returned as the fraction 0.15; 0% up to but excluding 100%.</summary>
    public decimal? Percent(YamlNode? node, string what)
    {
        if (node is null)
        {
            return null;
        }

        if (node is YamlScalarNode { Value: { } text } && text.EndsWith('%')
            && decimal.TryParse(text[..^1], NumberStyles.Number, CultureInfo.InvariantCulture, out var value) && value is >= 0 and < 100)
        {
            return value / 100m;
        }

        Error(node, OfferCodes.BadPercentage, $"{what}: expected a percentage from 0% to below 100% such as `15%`, got `{Raw(node)}`");
        return null;
    }

    public DateOnly? Date(YamlNode? node, string what)
    {
        if (node is null)
        {
            return null;
        }

        if (node is YamlScalarNode { Value: { } text } && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        Error(node, OfferCodes.BadDate, $"{what}: expected a date yyyy-MM-dd, got `{Raw(node)}`");
        return null;
    }

    public T? Enum<T>(YamlNode? node, string what, IReadOnlyList<(string Name, T Value)> names)
        where T : struct
    {
        var text = Text(node, what);
        if (text is null)
        {
            return null;
        }

        foreach (var (name, value) in names)
        {
            if (string.Equals(name, text, StringComparison.Ordinal))
            {
                return value;
            }
        }

        var all = names.Select(n => n.Name).ToList();
        Error(node!, OfferCodes.BadValue, $"{what}: unknown value `{text}`{NameSuggester.Hint(text, all)}; expected one of {string.Join(", ", all)}");
        return null;
    }

    public static string Raw(YamlNode node) => node is YamlScalarNode scalar ? scalar.Value ?? "" : node.NodeType.ToString().ToLowerInvariant();

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: not YamlDotNet.Core.ScalarStyle.SingleQuoted and not YamlDotNet.Core.ScalarStyle.DoubleQuoted } scalar
        && (scalar.Value is null or "" or "~" or "null");
}
