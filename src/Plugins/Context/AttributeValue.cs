using System.Collections.Immutable;
using System.Globalization;

namespace CrmSuite.Plugins.Context;

/// <summary>
/// One value of a Dataverse column as a webhook carries it. Plain JSON values become <see cref="TextValue"/>,
/// <see cref="NumberValue"/> and <see cref="BooleanValue"/>; typed values (<c>__type</c>) become their own records;
/// a type this parser does not model is kept as <see cref="OtherValue"/> rather than refused.
/// </summary>
internal abstract record AttributeValue;

internal sealed record NullValue : AttributeValue
{
    public static NullValue Instance { get; } = new();
}

/// <summary>A string column, or a GUID, which Dataverse sends as a plain string.</summary>
internal sealed record TextValue(string Value) : AttributeValue
{
    public override string ToString() => Value;
}

internal sealed record NumberValue(decimal Value) : AttributeValue
{
    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}

internal sealed record BooleanValue(bool Value) : AttributeValue;

/// <summary>A date sent as <c>/Date(milliseconds[+zzzz])/</c>: the milliseconds are UTC; the offset only says where it was made.</summary>
internal sealed record DateValue(DateTimeOffset Value) : AttributeValue;

/// <summary>A lookup: the row it points at.</summary>
internal sealed record EntityReferenceValue(string LogicalName, Guid Id, string? Name) : AttributeValue;

/// <summary>A choice column's option value.</summary>
internal sealed record OptionSetValue(int Value) : AttributeValue;

/// <summary>A multi-select choice column's option values.</summary>
internal sealed record OptionSetValues(ImmutableArray<int> Values) : AttributeValue;

/// <summary>A currency amount (the row's transaction currency is a separate lookup).</summary>
internal sealed record MoneyValue(decimal Value) : AttributeValue;

/// <summary>A whole row, e.g. the <c>Target</c> input of Create and Update.</summary>
internal sealed record EntityValue(PluginEntity Entity) : AttributeValue;

/// <summary>A list of rows, e.g. an activity's parties.</summary>
internal sealed record EntityCollectionValue(ImmutableArray<PluginEntity> Entities) : AttributeValue;

/// <summary>A typed value this parser does not model (a QueryExpression, a key/value pair): its type name and raw JSON.</summary>
internal sealed record OtherValue(string TypeName, string Json) : AttributeValue;
