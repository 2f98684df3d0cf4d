using System.Collections.Immutable;

namespace CrmSuite.PlaybookEngine.Expressions;

/// <summary>A node of a parsed condition; <see cref="Start"/> indexes the condition text, where a problem with the node is reported.</summary>
internal abstract record Expr(int Start);

/// <summary>A bare name: a signal, or an enum value on the other side of a comparison.</summary>
internal sealed record NameExpr(int Start, string Name) : Expr(Start);

internal enum NumberUnit
{
    None,
    Percent,
    Days,
    Weeks,
}

/// <summary>A number with its unit; <see cref="UnitWord"/> keeps an unrecognised word after the number, for "bad duration".</summary>
internal sealed record NumberExpr(int Start, decimal Value, NumberUnit Unit, string? UnitWord) : Expr(Start);

internal sealed record StringExpr(int Start, string Value) : Expr(Start);

internal sealed record BoolExpr(int Start, bool Value) : Expr(Start);

internal sealed record DateExpr(int Start, string Text) : Expr(Start);

internal enum CompareOp
{
    Equal,
    NotEqual,
    Greater,
    GreaterOrEqual,
    Less,
    LessOrEqual,
}

internal sealed record CompareExpr(int Start, Expr Left, CompareOp Op, Expr Right) : Expr(Start);

internal sealed record InExpr(int Start, Expr Subject, ImmutableArray<Expr> Items, bool Negated) : Expr(Start);

internal sealed record AndExpr(int Start, Expr Left, Expr Right) : Expr(Start);

internal sealed record OrExpr(int Start, Expr Left, Expr Right) : Expr(Start);

internal sealed record NotExpr(int Start, Expr Operand) : Expr(Start);
