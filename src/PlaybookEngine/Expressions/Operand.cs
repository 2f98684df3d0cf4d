namespace CrmSuite.PlaybookEngine.Expressions;

/// <summary>One side of a comparison after type checking: a signal slot or a constant, both as doubles.</summary>
internal readonly record struct Operand(ExprType Type, int Ordinal, double Constant)
{
    public bool IsSignal => Ordinal >= 0;

    public static Operand ForSignal(ExprType type, int ordinal) => new(type, ordinal, double.NaN);

    public static Operand ForConstant(ExprType type, double value) => new(type, -1, value);
}
