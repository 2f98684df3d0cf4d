using System.Collections.Immutable;
using System.Globalization;
using CrmSuite.PlaybookEngine.Diagnostics;
using CrmSuite.PlaybookEngine.Playbooks;
using CrmSuite.PlaybookEngine.Signals;

namespace CrmSuite.PlaybookEngine.Expressions;

/// <summary>
/// Type-checks a condition against the signal catalogue and compiles it to a <see cref="ConditionTest"/>.
/// Every problem is collected with its index, so an author sees them all.
/// </summary>
internal sealed class ConditionCompiler
{
    private readonly SignalCatalog _catalog;
    private readonly List<ConditionProblem> _problems = [];
    private readonly SortedSet<int> _signals = [];

    private ConditionCompiler(SignalCatalog catalog) => _catalog = catalog;

    public static (CompiledCondition? Condition, IReadOnlyList<ConditionProblem> Problems) Compile(string text, SignalCatalog catalog)
    {
        if (OperatorMistakes.Find(text) is { Count: > 0 } mistakes)
        {
            return (null, mistakes);
        }

        var (expr, syntax) = ExprParser.Parse(text);
        if (expr is null)
        {
            return (null, [new ConditionProblem(syntax!.Index, "PB022", syntax.Message)]);
        }

        var compiler = new ConditionCompiler(catalog);
        var test = compiler.Boolean(expr);
        return test is null || compiler._problems.Count > 0
            ? (null, compiler._problems)
            : (new CompiledCondition(text, test, [.. compiler._signals]), []);
    }

    private ConditionTest? Boolean(Expr expr)
    {
        switch (expr)
        {
            case AndExpr and:
            {
                var l = Boolean(and.Left);
                var r = Boolean(and.Right);
                return l is null || r is null ? null : (in SignalVector s) => l(in s) && r(in s);
            }

            case OrExpr or:
            {
                var l = Boolean(or.Left);
                var r = Boolean(or.Right);
                return l is null || r is null ? null : (in SignalVector s) => l(in s) || r(in s);
            }

            case NotExpr not:
            {
                var operand = Boolean(not.Operand);
                return operand is null ? null : (in SignalVector s) => !operand(in s);
            }

            case CompareExpr compare:
                return Comparison(compare);
            case InExpr inList:
                return Membership(inList);
            case BoolExpr constant:
            {
                var value = constant.Value;
                return (in SignalVector _) => value;
            }

            default:
            {
                var operand = Value(expr, null);
                if (operand.Type.IsError)
                {
                    return null;
                }

                if (operand.Type.Kind == SignalKind.Boolean && operand.IsSignal)
                {
                    return ComparisonBuilder.SignalConstant(operand.Ordinal, CompareOp.Equal, 1);
                }

                Problem(expr, "PB021", $"type mismatch: {operand.Type.Describe()} is not a true/false condition; compare it, e.g. `{Example(operand.Type)}`");
                return null;
            }
        }
    }

    private ConditionTest? Comparison(CompareExpr compare)
    {
        var (left, right) = Pair(compare.Left, compare.Right);
        if (left.Type.IsError || right.Type.IsError)
        {
            return null;
        }

        if (!Compatible(left.Type, right.Type))
        {
            var culprit = left.IsSignal ? compare.Right : compare.Left;
            var subject = left.IsSignal ? left.Type : right.Type;
            var other = left.IsSignal ? right.Type : left.Type;
            Problem(culprit, "PB021", $"type mismatch: cannot compare {subject.Describe()} with {other.Describe()}; expected {Expected(subject)}");
            return null;
        }

        CheckPercentLiteral(left, compare.Right);
        CheckPercentLiteral(right, compare.Left);
        if (_problems.Count > 0)
        {
            return null;
        }

        var isOrdering = compare.Op is not (CompareOp.Equal or CompareOp.NotEqual);
        if (isOrdering && (left.Type.Kind == SignalKind.Boolean || right.Type.Kind == SignalKind.Boolean))
        {
            Problem(compare, "PB021", "type mismatch: true/false values can only be compared with == or !=");
            return null;
        }

        return ComparisonBuilder.Build(left, compare.Op, right);
    }

    private ConditionTest? Membership(InExpr inList)
    {
        var subject = Value(inList.Subject, null);
        if (subject.Type.IsError)
        {
            return null;
        }

        var constants = new List<double>();
        foreach (var item in inList.Items)
        {
            var value = Value(item, subject.Type.Signal);
            if (value.Type.IsError)
            {
                continue;
            }

            if (value.IsSignal || !Compatible(subject.Type, value.Type))
            {
                Problem(item, "PB021", $"type mismatch: the list for {subject.Type.Describe()} holds {value.Type.Describe()}; expected {Expected(subject.Type)}");
                continue;
            }

            CheckPercentLiteral(subject, item);
            constants.Add(value.Constant);
        }

        if (!subject.IsSignal || _problems.Count > 0)
        {
            if (!subject.IsSignal)
            {
                Problem(inList.Subject, "PB021", "the left side of `in` must be a signal");
            }

            return null;
        }

        var ordinal = subject.Ordinal;
        var set = constants.ToArray();
        var negated = inList.Negated;
        return (in SignalVector s) =>
        {
            var v = s[ordinal];
            if (double.IsNaN(v))
            {
                return false;
            }

            return Array.IndexOf(set, v) >= 0 != negated;
        };
    }

    /// <summary>Resolves both sides, letting a signal on either side give meaning to a bare enum name on the other.</summary>
    private (Operand Left, Operand Right) Pair(Expr leftExpr, Expr rightExpr)
    {
        if (IsSignalName(rightExpr) && !IsSignalName(leftExpr))
        {
            var right = Value(rightExpr, null);
            return (Value(leftExpr, right.Type.Signal), right);
        }

        var left = Value(leftExpr, null);
        return (left, Value(rightExpr, left.Type.Signal));
    }

    /// <summary>
    /// A percentage threshold that cannot be what the author meant: a bare number above 1 is a fraction, so
    /// <c>seat_utilization &gt;= 90</c> asks for 9000% and never fires; a percent below 1% (<c>0.95%</c>) is the fraction
    /// written with a percent sign and fires almost always.
    /// </summary>
    private void CheckPercentLiteral(Operand signal, Expr literal)
    {
        if (!signal.IsSignal || signal.Type.Kind != SignalKind.Percent || literal is not NumberExpr { UnitWord: null } number)
        {
            return;
        }

        var name = signal.Type.Signal!.Name;
        var magnitude = Math.Abs(number.Value);
        var written = number.Value.ToString(CultureInfo.InvariantCulture);
        if (number.Unit == NumberUnit.None && magnitude > 1)
        {
            Problem(number, "PB025",
                $"`{written}` compared with {name} (a percentage) reads as a fraction, {(number.Value * 100).ToString("0.##", CultureInfo.InvariantCulture)}%; " +
                $"write percentages with `%` (did you mean `{written}%`?)");
        }
        else if (number.Unit == NumberUnit.Percent && magnitude is > 0 and < 1)
        {
            Problem(number, "PB025",
                $"`{written}%` compared with {name} is less than one percent; a percentage is written `95%` or as the fraction `0.95` " +
                $"(did you mean `{(number.Value * 100).ToString("0.##", CultureInfo.InvariantCulture)}%`?)");
        }
    }

    private bool IsSignalName(Expr expr) => expr is NameExpr name && _catalog.TryGet(name.Name, out _);

    private Operand Value(Expr expr, SignalDefinition? counterpart)
    {
        switch (expr)
        {
            case NameExpr name when _catalog.TryGet(name.Name, out var signal):
                _signals.Add(signal.Ordinal);
                return Operand.ForSignal(new ExprType(signal.Kind, signal), signal.Ordinal);
            case NameExpr name when counterpart is { Kind: SignalKind.Enum }:
                return EnumValue(name, name.Name, counterpart);
            case NameExpr name:
                Problem(name, "PB020", $"unknown signal `{name.Name}`{NameSuggester.Hint(name.Name, _catalog.Names)}");
                return Operand.ForConstant(ExprType.Error, 0);
            case StringExpr text when counterpart is { Kind: SignalKind.Enum }:
                return EnumValue(text, text.Value, counterpart);
            case StringExpr:
                return Operand.ForConstant(ExprType.Text, 0);
            case BoolExpr b:
                return Operand.ForConstant(ExprType.Of(SignalKind.Boolean), b.Value ? 1 : 0);
            case DateExpr date:
                if (DateOnly.TryParseExact(date.Text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                {
                    return Operand.ForConstant(ExprType.Of(SignalKind.Date), day.DayNumber);
                }

                Problem(date, "PB021", $"`{date.Text}` is not a calendar date; expected yyyy-MM-dd");
                return Operand.ForConstant(ExprType.Error, 0);
            case NumberExpr { UnitWord: { } word } number:
                var written = $"{number.Value.ToString(CultureInfo.InvariantCulture)} {word}";
                Problem(number, "PB023", $"bad duration `{written}`: expected a number of `days` or `weeks`, e.g. `14 days`{DurationText.Hint(written)}");
                return Operand.ForConstant(ExprType.Error, 0);
            case NumberExpr number:
                var value = (double)number.Value;
                return number.Unit switch
                {
                    NumberUnit.Percent => Operand.ForConstant(ExprType.Of(SignalKind.Percent), value / 100),
                    NumberUnit.Days => Operand.ForConstant(ExprType.Of(SignalKind.Duration), value),
                    NumberUnit.Weeks => Operand.ForConstant(ExprType.Of(SignalKind.Duration), value * 7),
                    _ => Operand.ForConstant(ExprType.Of(SignalKind.Number), value),
                };
            default:
                Problem(expr, "PB021", "type mismatch: a true/false condition cannot be compared; compare signals with values");
                return Operand.ForConstant(ExprType.Error, 0);
        }
    }

    private Operand EnumValue(Expr at, string value, SignalDefinition signal)
    {
        var index = signal.EnumIndex(value);
        if (index >= 0)
        {
            return Operand.ForConstant(new ExprType(SignalKind.Enum, signal), index);
        }

        Problem(at, "PB024", $"unknown value `{value}` for {signal.Name}; expected one of {string.Join(", ", signal.EnumValues)}{NameSuggester.Hint(value, signal.EnumValues)}");
        return Operand.ForConstant(ExprType.Error, 0);
    }

    private static bool Compatible(ExprType a, ExprType b)
    {
        if (a.IsText || b.IsText)
        {
            return false;
        }

        if (a.Kind == b.Kind)
        {
            return a.Kind != SignalKind.Enum || a.Signal is null || b.Signal is null || a.Signal == b.Signal;
        }

        // A bare number reads in the signal's own unit: a fraction for percentages, days for durations.
        static bool BareNumberFits(ExprType literal, ExprType other) =>
            literal is { Kind: SignalKind.Number, Signal: null } && other.Kind is SignalKind.Percent or SignalKind.Duration;

        return BareNumberFits(a, b) || BareNumberFits(b, a);
    }

    private static string Expected(ExprType subject) => subject.Kind switch
    {
        SignalKind.Number => "a number, e.g. `10`",
        SignalKind.Percent => "a percentage, e.g. `90%` or `0.9`",
        SignalKind.Duration => "a duration, e.g. `30 days`",
        SignalKind.Date => "a date, e.g. `2026-12-31`",
        SignalKind.Enum => $"one of {string.Join(", ", subject.Signal?.EnumValues ?? [])}",
        SignalKind.Boolean => "`true` or `false`",
        _ => "a signal value",
    };

    private static string Example(ExprType type) => type.Kind switch
    {
        SignalKind.Percent => $"{type.Signal?.Name ?? "seat_utilization"} >= 90%",
        SignalKind.Duration => $"{type.Signal?.Name ?? "days_to_renewal"} <= 120 days",
        SignalKind.Enum => $"{type.Signal?.Name ?? "tier"} == {type.Signal?.EnumValues.FirstOrDefault() ?? "starter"}",
        _ => $"{type.Signal?.Name ?? "health"} >= 70",
    };

    private void Problem(Expr at, string code, string message) => _problems.Add(new ConditionProblem(at.Start, code, message));
}
