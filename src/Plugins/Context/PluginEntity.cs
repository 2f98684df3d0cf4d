using System.Collections.Immutable;

namespace CrmSuite.Plugins.Context;

/// <summary>
/// A row as a webhook carries it (the <c>Target</c>, an image): only the columns the event included, by logical name.
/// A column absent from <see cref="Attributes"/> was not sent; one present with <see cref="NullValue"/> was set to null.
/// </summary>
internal sealed record PluginEntity(
    string LogicalName,
    Guid Id,
    ImmutableDictionary<string, AttributeValue> Attributes,
    ImmutableDictionary<string, string> FormattedValues)
{
    public bool Contains(string column) => Attributes.ContainsKey(column);

    public AttributeValue? this[string column] => Attributes.GetValueOrDefault(column);

    /// <summary>The column as text (a string or a GUID sent as one), or null when absent, null or not text.</summary>
    public string? Text(string column) => this[column] is TextValue text ? text.Value : null;

    /// <summary>The column's option value, or null when absent, null or not a choice.</summary>
    public int? Option(string column) => this[column] is OptionSetValue option ? option.Value : null;

    /// <summary>The column as a number (a whole number, a decimal, or a Money amount), or null.</summary>
    public decimal? Number(string column) => this[column] switch
    {
        NumberValue number => number.Value,
        MoneyValue money => money.Value,
        _ => null,
    };

    /// <summary>The lookup's target, or null.</summary>
    public EntityReferenceValue? Reference(string column) => this[column] as EntityReferenceValue;
}
