using System.Collections.Immutable;

namespace CrmSuite.PlaybookEngine.Expressions;

/// <summary>A node of a parsed condition; <see cref="Start"/> and <see cref="Length"/> index the condition text.</summary>
internal abstract record Expr(int Start, int Length);

/// <summary>A bare name: a signal, or an enum value on the other side of a comparison.</summary>
internal sealed record NameExpr(int Start, int Length, string Name) : Expr(Start, Length);

internal enum NumberUnit
{
    None,
    Percent,
    Days,
    Weeks,
}

/// <summary>A number with its unit; <see cref="UnitWord"/> keeps an unrecognised word after the number, for "bad duration".</summary>
internal sealed record NumberExpr(int Start, int Length, decimal Value, NumberUnit Unit, string? UnitWord) : Expr(Start, Length);

internal sealed record StringExpr(int Start, int Length, string Value) : Expr(Start, Length);

internal sealed record BoolExpr(int Start, int Length, bool Value) : Expr(Start, Length);

internal sealed record DateExpr(int Start, int Length, string Text) : Expr(Start, Length);

internal enum CompareOp
{
    Equal,
    NotEqual,
    Greater,
    GreaterOrEqual,
    Less,
    LessOrEqual,
}

internal sealed record CompareExpr(int Start, int Length, Expr Left, CompareOp Op, Expr Right) : Expr(Start, Length);

internal sealed record InExpr(int Start, int Length, Expr Subject, ImmutableArray<Expr> Items, bool Negated) : Expr(Start, Length);

internal sealed record AndExpr(int Start, int Length, Expr Left, Expr Right) : Expr(Start, Length);

internal sealed record OrExpr(int Start, int Length, Expr Left, Expr Right) : Expr(Start, Length);

internal sealed record NotExpr(int Start, int Length, Expr Operand) : Expr(Start, Length);
