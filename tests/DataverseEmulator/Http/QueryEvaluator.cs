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
    public static Func<Row, bool> Compile(TableDefinition table, FilterClause? filter)
    {
        if (filter is null)
        {
            return _ => true;
        }
        return row => Truth(table, filter.Expression, row);
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

    private static bool Truth(TableDefinition table, QueryNode node, Row row)
    {
        switch (node)
        {
            case ConvertNode convert:
                return Truth(table, convert.Source, row);
            case UnaryOperatorNode { OperatorKind: UnaryOperatorKind.Not } not:
                return !Truth(table, not.Operand, row);
            case BinaryOperatorNode { OperatorKind: BinaryOperatorKind.And } and:
                return Truth(table, and.Left, row) && Truth(table, and.Right, row);
            case BinaryOperatorNode { OperatorKind: BinaryOperatorKind.Or } or:
                return Truth(table, or.Left, row) || Truth(table, or.Right, row);
            case BinaryOperatorNode comparison:
                return CompareOperands(comparison.OperatorKind, Value(table, comparison.Left, row), Value(table, comparison.Right, row));
            case SingleValueFunctionCallNode call:
                return Call(table, call, row);
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

    private static bool Call(TableDefinition table, SingleValueFunctionCallNode call, Row row)
    {
        var arguments = call.Parameters.ToList();
        switch (call.Name)
        {
            case "contains" or "startswith" or "endswith":
                if (Value(table, arguments[0], row) is not string text || Value(table, arguments[1], row) is not string part)
                {
                    return false;
                }
                return call.Name switch
                {
                    "contains" => text.Contains(part, StringComparison.OrdinalIgnoreCase),
                    "startswith" => text.StartsWith(part, StringComparison.OrdinalIgnoreCase),
                    _ => text.EndsWith(part, StringComparison.OrdinalIgnoreCase),
                };
            case "Microsoft.Dynamics.CRM.In":
                return In(table, arguments, row);
            default:
                throw new DataverseException(400, ErrorCodes.QueryError, $"The function '{call.Name}' is not supported by the emulator.");
        }
    }

    private static bool In(TableDefinition table, List<QueryNode> arguments, Row row)
    {
        var named = arguments.OfType<NamedFunctionParameterNode>().ToDictionary(p => p.Name, p => ((ConstantNode)p.Value).Value);
        if (named.GetValueOrDefault("PropertyName") is not string propertyName || named.GetValueOrDefault("PropertyValues") is not ODataCollectionValue values)
        {
            throw new DataverseException(400, ErrorCodes.QueryError, "Microsoft.Dynamics.CRM.In needs PropertyName='column' and PropertyValues=['a','b'].");
        }
        var column = table.Columns.FirstOrDefault(c => c.ValuePropertyName == propertyName)
            ?? throw new DataverseException(400, ErrorCodes.QueryError, $"Could not find a property named '{propertyName}' on type '{EdmModelFactory.Namespace}.{table.LogicalName}'.");
        var actual = Normalize(row[column.LogicalName]);
        return actual is not null && values.Items.Any(v => Compare(actual, Coerce(column, v as string)) == 0);
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
