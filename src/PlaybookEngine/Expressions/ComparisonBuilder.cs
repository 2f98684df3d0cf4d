using CrmSuite.PlaybookEngine.Signals;

namespace CrmSuite.PlaybookEngine.Expressions;

/// <summary>
/// Turns a typed comparison into a delegate specialised for its operator and operand shapes, so evaluation is
/// a slot read and a compare. A missing signal (NaN) makes every comparison false, including <c>!=</c>.
/// </summary>
internal static class ComparisonBuilder
{
    public static ConditionTest Build(Operand left, CompareOp op, Operand right)
    {
        if (left.IsSignal && !right.IsSignal)
        {
            return SignalConstant(left.Ordinal, op, right.Constant);
        }

        if (!left.IsSignal && right.IsSignal)
        {
            return SignalConstant(right.Ordinal, Flip(op), left.Constant);
        }

        if (left.IsSignal && right.IsSignal)
        {
            var a = left.Ordinal;
            var b = right.Ordinal;
            return (in SignalVector s) => Apply(s[a], op, s[b]);
        }

        var constant = Apply(left.Constant, op, right.Constant);
        return (in SignalVector _) => constant;
    }

    public static ConditionTest SignalConstant(int ordinal, CompareOp op, double c) => op switch
    {
        CompareOp.GreaterOrEqual => (in SignalVector s) => s[ordinal] >= c,
        CompareOp.Greater => (in SignalVector s) => s[ordinal] > c,
        CompareOp.LessOrEqual => (in SignalVector s) => s[ordinal] <= c,
        CompareOp.Less => (in SignalVector s) => s[ordinal] < c,
        CompareOp.Equal => (in SignalVector s) => s[ordinal] == c,
        _ => (in SignalVector s) => !double.IsNaN(s[ordinal]) && s[ordinal] != c,
    };

    private static bool Apply(double a, CompareOp op, double b)
    {
        if (double.IsNaN(a) || double.IsNaN(b))
        {
            return false;
        }

        return op switch
        {
            CompareOp.GreaterOrEqual => a >= b,
            CompareOp.Greater => a > b,
            CompareOp.LessOrEqual => a <= b,
            CompareOp.Less => a < b,
            CompareOp.Equal => a == b,
            _ => a != b,
        };
    }

    private static CompareOp Flip(CompareOp op) => op switch
    {
        CompareOp.Greater => CompareOp.Less,
        CompareOp.GreaterOrEqual => CompareOp.LessOrEqual,
        CompareOp.Less => CompareOp.Greater,
        CompareOp.LessOrEqual => CompareOp.GreaterOrEqual,
        _ => op,
    };
}
