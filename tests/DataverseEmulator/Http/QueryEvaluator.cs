using CrmSuite.DataverseEmulator.Schema;
using CrmSuite.DataverseEmulator.Store;
using Microsoft.OData;
using Microsoft.OData.UriParser;

namespace CrmSuite.DataverseEmulator.Http;

/// <summary>
/// Evaluates the $filter and $orderby trees produced by the OData URI parser against stored rows. Strings compare
/// case-insensitively, like the service's database collation.
/// </summary>
internal static class QueryEvaluator
{
    /// <summary>
    /// Compiles the filter once per request into a predicate: columns are looked up once, and a chain of
    /// <c>col eq 'a' or col eq 'b' …</c> on one text or id column (or <c>Microsoft.Dynamics.CRM.In</c>) becomes a set lookup,
    /// so filtering a table by a hundred ids costs one lookup per row.
    /// </summary>
    public static Func<Row, bool> Compile(TableDefinition table, FilterClause? filter) =>
        filter is null ? _ => true : Predicate(table, filter.Expression);

    /// <summary>
    /// The set of ids a filter can only match, when it names one: an id chain or <c>Microsoft.Dynamics.CRM.In</c> on the
    /// primary key or a lookup, alone or as a side of an <c>and</c>. Lets a read visit those rows instead of the table.
    /// </summary>
    public static (string Column, HashSet<Guid> Ids)? Candidates(TableDefinition table, FilterClause? filter)
    {
        return filter is null ? null : Find(Unwrapped(filter.Expression));

        (string Column, HashSet<Guid> Ids)? Find(QueryNode node)
        {
            switch (node)
            {
                case BinaryOperatorNode { OperatorKind: BinaryOperatorKind.And } and:
                    return Find(Unwrapped(and.Left)) ?? Find(Unwrapped(and.Right));
                case BinaryOperatorNode { OperatorKind: BinaryOperatorKind.Or or BinaryOperatorKind.Equal } chain
                    when EqualityChain(table, chain) is { Column: var name, Values: var values } && values.Count > 0 && values.All(v => v is Guid):
                    return Indexed(name, values);
                case SingleValueFunctionCallNode { Name: "Microsoft.Dynamics.CRM.In" } call:
                {
                    var (column, wanted) = InArguments(table, [.. call.Parameters]);
                    return wanted.Count > 0 && wanted.All(v => v is Guid) ? Indexed(column.LogicalName, wanted) : null;
                }
                default:
                    return null;
            }
        }

        (string Column, HashSet<Guid> Ids)? Indexed(string column, List<object?> values) =>
            column == table.PrimaryIdAttribute || table.Column(column)?.IsLookup == true ? (column, values.Cast<Guid>().ToHashSet()) : null;
    }

    public static IComparer<Row> Comparer(TableDefinition table, OrderByClause orderBy)
    {
        var terms = new List<(Func<Row, object?> Value, bool Descending)>();
        for (var clause = orderBy; clause is not null; clause = clause.ThenBy)
        {
            var expression = clause.Expression;
            terms.Add((row => Value(table, expression, row), clause.Direction == OrderByDirection.Descending));
        }
        return Comparer<Row>.Create((a, b) =>
        {
            foreach (var (value, descending) in terms)
            {
                var order = Compare(value(a), value(b));
                if (order != 0)
                {
                    return descending ? -order : order;
                }
            }
            return a.Id.CompareTo(b.Id);
        });
    }

    private static Func<Row, bool> Predicate(TableDefinition table, QueryNode node)
    {
        switch (node)
        {
            case ConvertNode convert:
                return Predicate(table, convert.Source);
            case UnaryOperatorNode { OperatorKind: UnaryOperatorKind.Not } not:
            {
                var operand = Predicate(table, not.Operand);
                return row => !operand(row);
            }
            case BinaryOperatorNode { OperatorKind: BinaryOperatorKind.And } and:
            {
                var (left, right) = (Predicate(table, and.Left), Predicate(table, and.Right));
                return row => left(row) && right(row);
            }
            case BinaryOperatorNode { OperatorKind: BinaryOperatorKind.Or } or:
            {
                if (AnyOf(table, or) is { } anyOf)
                {
                    return anyOf;
                }
                var (left, right) = (Predicate(table, or.Left), Predicate(table, or.Right));
                return row => left(row) || right(row);
            }
            case BinaryOperatorNode comparison:
            {
                var (kind, left, right) = (comparison.OperatorKind, Getter(table, comparison.Left), Getter(table, comparison.Right));
                return row => CompareOperands(kind, left(row), right(row));
            }
            case SingleValueFunctionCallNode call:
                return Call(table, call);
            default:
                throw Unsupported(node);
        }
    }

    // col eq v1 or col eq v2 … on one text or id column, as a set lookup; null when the chain is anything else.
    private static Func<Row, bool>? AnyOf(TableDefinition table, BinaryOperatorNode or) =>
        EqualityChain(table, or) is { } chain ? SetLookup(chain.Column, chain.Values) : null;

    // The column and values of `col eq v1 or col eq v2 …` (one column throughout); null when the node is anything else.
    private static (string Column, List<object?> Values)? EqualityChain(TableDefinition table, BinaryOperatorNode node)
    {
        var leaves = new List<QueryNode>();
        var pending = new Stack<QueryNode>([node]);
        while (pending.Count > 0)
        {
            var next = Unwrapped(pending.Pop());
            if (next is BinaryOperatorNode { OperatorKind: BinaryOperatorKind.Or } branch)
            {
                pending.Push(branch.Right);
                pending.Push(branch.Left);
            }
            else
            {
                leaves.Add(next);
            }
        }

        string? column = null;
        var values = new List<object?>();
        foreach (var leaf in leaves)
        {
            if (leaf is not BinaryOperatorNode { OperatorKind: BinaryOperatorKind.Equal } equal)
            {
                return null;
            }
            var (property, constant) = (Unwrapped(equal.Left), Unwrapped(equal.Right)) switch
            {
                (SingleValuePropertyAccessNode p, ConstantNode c) => (p, c),
                (ConstantNode c, SingleValuePropertyAccessNode p) => (p, c),
                _ => (null, null),
            };
            var name = property is null ? null : ColumnOf(table, property.Property.Name).LogicalName;
            if (name is null || (column is not null && column != name))
            {
                return null;
            }
            column = name;
            values.Add(Normalize(constant!.Value));
        }
        return (column!, values);
    }

    // Membership in a set of strings (case-insensitive, like the collation) or ids; null for other value types.
    private static Func<Row, bool>? SetLookup(string column, List<object?> values)
    {
        if (values.Count > 0 && values.All(v => v is string))
        {
            var texts = values.Cast<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);
            return row => Normalize(row[column]) is string text && texts.Contains(text);
        }
        if (values.Count > 0 && values.All(v => v is Guid))
        {
            var ids = values.Cast<Guid>().ToHashSet();
            return row => Normalize(row[column]) is Guid id && ids.Contains(id);
        }
        return null;
    }

    private static QueryNode Unwrapped(QueryNode node) => node is ConvertNode convert ? Unwrapped(convert.Source) : node;

    private static Func<Row, object?> Getter(TableDefinition table, QueryNode node)
    {
        switch (node)
        {
            case ConvertNode convert:
                return Getter(table, convert.Source);
            case ConstantNode constant:
            {
                var value = Normalize(constant.Value);
                return _ => value;
            }
            case SingleValuePropertyAccessNode property:
            {
                var name = ColumnOf(table, property.Property.Name).LogicalName;
                return row => Normalize(row[name]);
            }
            default:
                throw Unsupported(node);
        }
    }

    private static bool CompareOperands(BinaryOperatorKind kind, object? left, object? right)
    {
        if (kind == BinaryOperatorKind.Equal)
        {
            return left is null ? right is null : right is not null && Compare(left, right) == 0;
        }
        if (kind == BinaryOperatorKind.NotEqual)
        {
            return left is null ? right is not null : right is null || Compare(left, right) != 0;
        }
        if (left is null || right is null)
        {
            return false;
        }
        var order = Compare(left, right);
        return kind switch
        {
            BinaryOperatorKind.GreaterThan => order > 0,
            BinaryOperatorKind.GreaterThanOrEqual => order >= 0,
            BinaryOperatorKind.LessThan => order < 0,
            BinaryOperatorKind.LessThanOrEqual => order <= 0,
            _ => throw new DataverseException(400, ErrorCodes.QueryError, $"The operator '{kind}' is not supported by the emulator."),
        };
    }

    private static Func<Row, bool> Call(TableDefinition table, SingleValueFunctionCallNode call)
    {
        var arguments = call.Parameters.ToList();
        switch (call.Name)
        {
            case "contains" or "startswith" or "endswith":
            {
                var (textOf, partOf) = (Getter(table, arguments[0]), Getter(table, arguments[1]));
                Func<string, string, bool> test = call.Name switch
                {
                    "contains" => (text, part) => text.Contains(part, StringComparison.OrdinalIgnoreCase),
                    "startswith" => (text, part) => text.StartsWith(part, StringComparison.OrdinalIgnoreCase),
                    _ => (text, part) => text.EndsWith(part, StringComparison.OrdinalIgnoreCase),
                };
                return row => textOf(row) is string text && partOf(row) is string part && test(text, part);
            }
            case "Microsoft.Dynamics.CRM.In":
                return In(table, arguments);
            default:
                throw new DataverseException(400, ErrorCodes.QueryError, $"The function '{call.Name}' is not supported by the emulator.");
        }
    }

    private static Func<Row, bool> In(TableDefinition table, List<QueryNode> arguments)
    {
        var (column, wanted) = InArguments(table, arguments);
        if (SetLookup(column.LogicalName, wanted) is { } lookup)
        {
            return lookup;
        }
        var name = column.LogicalName;
        return row => Normalize(row[name]) is { } actual && wanted.Any(v => Compare(actual, v) == 0);
    }

    private static (ColumnDefinition Column, List<object?> Values) InArguments(TableDefinition table, List<QueryNode> arguments)
    {
        var named = arguments.OfType<NamedFunctionParameterNode>().ToDictionary(p => p.Name, p => ((ConstantNode)p.Value).Value);
        if (named.GetValueOrDefault("PropertyName") is not string propertyName || named.GetValueOrDefault("PropertyValues") is not ODataCollectionValue values)
        {
            throw new DataverseException(400, ErrorCodes.QueryError, "Microsoft.Dynamics.CRM.In needs PropertyName='column' and PropertyValues=['a','b'].");
        }
        var column = table.Columns.FirstOrDefault(c => c.ValuePropertyName == propertyName)
            ?? throw new DataverseException(400, ErrorCodes.QueryError, $"Could not find a property named '{propertyName}' on type '{EdmModelFactory.Namespace}.{table.LogicalName}'.");
        return (column, values.Items.Select(v => Coerce(column, v as string)).ToList());
    }

    private static object? Coerce(ColumnDefinition column, string? literal)
    {
        if (literal is null)
        {
            return null;
        }
        return column.Type switch
        {
            ColumnType.Uniqueidentifier or ColumnType.Lookup or ColumnType.Owner => Guid.TryParse(literal, out var g) ? g : literal,
            ColumnType.Integer or ColumnType.Picklist or ColumnType.State or ColumnType.Status or ColumnType.BigInt or ColumnType.Decimal or ColumnType.Money
                => decimal.TryParse(literal, System.Globalization.CultureInfo.InvariantCulture, out var d) ? d : literal,
            _ => literal,
        };
    }

    private static object? Value(TableDefinition table, QueryNode node, Row row) => node switch
    {
        ConvertNode convert => Value(table, convert.Source, row),
        ConstantNode constant => Normalize(constant.Value),
        SingleValuePropertyAccessNode property => Normalize(row[ColumnOf(table, property.Property.Name).LogicalName]),
        _ => throw Unsupported(node),
    };

    private static ColumnDefinition ColumnOf(TableDefinition table, string propertyName) =>
        table.Columns.First(c => c.ValuePropertyName == propertyName);

    private static object? Normalize(object? value) => value switch
    {
        EntityReference reference => reference.Id,
        int i => (decimal)i,
        long l => (decimal)l,
        double d => (decimal)d,
#pragma warning disable CS0618 // ODL 8 still parses date literals into Edm.Date
        Microsoft.OData.Edm.Date date => new DateOnly(date.Year, date.Month, date.Day),
#pragma warning restore CS0618
        _ => value,
    };

    private static int Compare(object? left, object? right)
    {
        if (left is null || right is null)
        {
            return left is null ? (right is null ? 0 : -1) : 1;
        }
        return (left, right) switch
        {
            (string a, string b) => string.Compare(a, b, StringComparison.OrdinalIgnoreCase),
            (DateOnly a, DateTimeOffset b) => a.ToDateTime(TimeOnly.MinValue).CompareTo(b.UtcDateTime),
            (DateTimeOffset a, DateOnly b) => a.UtcDateTime.CompareTo(b.ToDateTime(TimeOnly.MinValue)),
            (IComparable a, _) when a.GetType() == right.GetType() => a.CompareTo(right),
            _ => throw new DataverseException(400, ErrorCodes.QueryError, $"Cannot compare a {left.GetType().Name} with a {right.GetType().Name}."),
        };
    }

    private static DataverseException Unsupported(QueryNode node) =>
        new(400, ErrorCodes.QueryError, $"The query expression '{node.Kind}' is not supported by the emulator.");
}
