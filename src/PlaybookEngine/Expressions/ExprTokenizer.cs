using Superpower;
using Superpower.Parsers;
using Superpower.Tokenizers;

namespace CrmSuite.PlaybookEngine.Expressions;

/// <summary>The condition language's tokens, built once.</summary>
internal static class ExprTokenizer
{
    public static Tokenizer<ExprToken> Instance { get; } = new TokenizerBuilder<ExprToken>()
        .Ignore(Span.WhiteSpace)
        .Match(Span.Regex(@"\d{4}-\d{2}-\d{2}"), ExprToken.Date, requireDelimiters: true)
        .Match(Numerics.Decimal, ExprToken.Number)
        .Match(QuotedString.CStyle, ExprToken.String)
        .Match(Span.EqualTo("=="), ExprToken.Equal)
        .Match(Span.EqualTo("!="), ExprToken.NotEqual)
        .Match(Span.EqualTo(">="), ExprToken.GreaterOrEqual)
        .Match(Span.EqualTo("<="), ExprToken.LessOrEqual)
        .Match(Character.EqualTo('>'), ExprToken.Greater)
        .Match(Character.EqualTo('<'), ExprToken.Less)
        .Match(Character.EqualTo('%'), ExprToken.Percent)
        .Match(Character.EqualTo('-'), ExprToken.Minus)
        .Match(Character.EqualTo('('), ExprToken.LParen)
        .Match(Character.EqualTo(')'), ExprToken.RParen)
        .Match(Character.EqualTo('['), ExprToken.LBracket)
        .Match(Character.EqualTo(']'), ExprToken.RBracket)
        .Match(Character.EqualTo(','), ExprToken.Comma)
        .Match(Identifier.CStyle, ExprToken.Identifier, requireDelimiters: true)
        .Build();
}
