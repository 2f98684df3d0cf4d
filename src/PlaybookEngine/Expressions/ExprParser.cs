using System.Collections.Immutable;
using System.Globalization;
using Superpower;
using Superpower.Model;
using Superpower.Parsers;

namespace CrmSuite.PlaybookEngine.Expressions;

/// <summary>A syntax problem inside a condition, at a 0-based index into the condition text.</summary>
internal sealed record ExprSyntaxError(int Index, string Message);

/// <summary>
/// Parses conditions such as <c>seat_utilization &gt;= 90% and tier in [starter, professional]</c>
/// with Superpower combinators; errors carry the index of the offending token.
/// </summary>
internal static class ExprParser
{
    private static readonly HashSet<string> Keywords = new(StringComparer.OrdinalIgnoreCase) { "and", "or", "not", "in", "true", "false" };

    private static readonly TokenListParser<ExprToken, Expr> Number =
        from minus in Token.EqualTo(ExprToken.Minus).OptionalOrDefault()
        from number in Token.EqualTo(ExprToken.Number)
        from unit in Token.EqualTo(ExprToken.Percent)
            .Or(Token.EqualTo(ExprToken.Identifier).Where(t => !Keywords.Contains(t.ToStringValue())))
            .OptionalOrDefault()
        select MakeNumber(minus, number, unit);

    private static readonly TokenListParser<ExprToken, Expr> Text =
        Token.EqualTo(ExprToken.String).Select(t => (Expr)new StringExpr(Start(t), Unquote(t.ToStringValue())));

    private static readonly TokenListParser<ExprToken, Expr> Date =
        Token.EqualTo(ExprToken.Date).Select(t => (Expr)new DateExpr(Start(t), t.ToStringValue()));

    private static readonly TokenListParser<ExprToken, Expr> Boolean =
        Keyword("true").Select(t => (Expr)new BoolExpr(Start(t), true))
            .Or(Keyword("false").Select(t => (Expr)new BoolExpr(Start(t), false)));

    private static readonly TokenListParser<ExprToken, Expr> Name =
        Token.EqualTo(ExprToken.Identifier)
            .Where(t => !Keywords.Contains(t.ToStringValue()), "a signal name")
            .Select(t => (Expr)new NameExpr(Start(t), t.ToStringValue()));

    private static readonly TokenListParser<ExprToken, Expr> Group =
        from open in Token.EqualTo(ExprToken.LParen)
        from inner in Superpower.Parse.Ref(() => Or!)
        from close in Token.EqualTo(ExprToken.RParen)
        select inner;

    private static readonly TokenListParser<ExprToken, Expr> Operand =
        Number.Or(Text).Or(Date).Or(Boolean).Or(Name).Or(Group).Named("a value or signal");

    private static readonly TokenListParser<ExprToken, CompareOp> Comparison =
        Token.EqualTo(ExprToken.GreaterOrEqual).Value(CompareOp.GreaterOrEqual)
            .Or(Token.EqualTo(ExprToken.LessOrEqual).Value(CompareOp.LessOrEqual))
            .Or(Token.EqualTo(ExprToken.Greater).Value(CompareOp.Greater))
            .Or(Token.EqualTo(ExprToken.Less).Value(CompareOp.Less))
            .Or(Token.EqualTo(ExprToken.Equal).Value(CompareOp.Equal))
            .Or(Token.EqualTo(ExprToken.NotEqual).Value(CompareOp.NotEqual));

    private static readonly TokenListParser<ExprToken, ImmutableArray<Expr>> List =
        from open in Token.EqualTo(ExprToken.LBracket)
        from items in Operand.ManyDelimitedBy(Token.EqualTo(ExprToken.Comma))
        from close in Token.EqualTo(ExprToken.RBracket)
        select items.ToImmutableArray();

    private static readonly TokenListParser<ExprToken, Func<Expr, Expr>> ComparisonTail =
        (from op in Comparison
         from right in Operand
         select (Func<Expr, Expr>)(left => new CompareExpr(left.Start, left, op, right)))
        .Or(from negated in Keyword("not").Try().Then(_ => Keyword("in")).Value(true).Try().Or(Keyword("in").Value(false))
            from list in List
            select (Func<Expr, Expr>)(left => new InExpr(left.Start, left, list, negated)));

    private static readonly TokenListParser<ExprToken, Expr> Compared =
        from left in Operand
        from tail in ComparisonTail.Select(f => (Func<Expr, Expr>?)f).OptionalOrDefault()
        select tail is null ? left : tail(left);

    private static readonly TokenListParser<ExprToken, Expr> Negation =
        (from not in Keyword("not")
         from operand in Superpower.Parse.Ref(() => Negation!)
         select (Expr)new NotExpr(Start(not), operand))
        .Or(Compared);

    private static readonly TokenListParser<ExprToken, Expr> And =
        Superpower.Parse.Chain(Keyword("and"), Negation, (_, l, r) => new AndExpr(l.Start, l, r));

    private static readonly TokenListParser<ExprToken, Expr> Or =
        Superpower.Parse.Chain(Keyword("or"), And, (_, l, r) => new OrExpr(l.Start, l, r));

    private static readonly TokenListParser<ExprToken, Expr> Condition = Or.AtEnd();

    public static (Expr? Expr, ExprSyntaxError? Error) Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return (null, new ExprSyntaxError(0, "the condition is empty; expected e.g. `seat_utilization >= 90%`"));
        }

        var tokens = ExprTokenizer.Instance.TryTokenize(text);
        if (!tokens.HasValue)
        {
            var at = tokens.ErrorPosition.HasValue ? tokens.ErrorPosition.Absolute : 0;
            return (null, new ExprSyntaxError(at, $"syntax error in condition: {tokens.FormatErrorMessageFragment()}"));
        }

        // A number beyond decimal's range would make the parser throw; report it as a positioned syntax error instead.
        foreach (var token in tokens.Value)
        {
            if (token.Kind == ExprToken.Number && !decimal.TryParse(token.ToStringValue(), NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            {
                return (null, new ExprSyntaxError(Start(token), $"number `{token.ToStringValue()}` is too large"));
            }
        }

        var result = Condition.TryParse(tokens.Value);
        if (result.HasValue)
        {
            return (result.Value, null);
        }

        var index = result.ErrorPosition.HasValue ? result.ErrorPosition.Absolute : text.Length;
        return (null, new ExprSyntaxError(index, $"syntax error in condition: {result.FormatErrorMessageFragment()}"));
    }

    private static TokenListParser<ExprToken, Token<ExprToken>> Keyword(string word) =>
        Token.EqualToValueIgnoreCase(ExprToken.Identifier, word);

    private static int Start(Token<ExprToken> token) => token.Span.Position.Absolute;

    private static Expr MakeNumber(Token<ExprToken> minus, Token<ExprToken> number, Token<ExprToken> unit)
    {
        var value = decimal.Parse(number.ToStringValue(), NumberStyles.Float, CultureInfo.InvariantCulture);
        var start = minus.HasValue ? Start(minus) : Start(number);
        if (minus.HasValue)
        {
            value = -value;
        }

        if (!unit.HasValue)
        {
            return new NumberExpr(start, value, NumberUnit.None, null);
        }

        var word = unit.ToStringValue();
        var kind = unit.Kind == ExprToken.Percent ? NumberUnit.Percent : word.ToLowerInvariant() switch
        {
            "day" or "days" => NumberUnit.Days,
            "week" or "weeks" => NumberUnit.Weeks,
            _ => NumberUnit.None,
        };
        return new NumberExpr(start, value, kind, kind == NumberUnit.None ? word : null);
    }

    private static string Unquote(string quoted) => quoted.Length >= 2 ? quoted[1..^1].Replace("\\\"", "\"", StringComparison.Ordinal) : quoted;
}
