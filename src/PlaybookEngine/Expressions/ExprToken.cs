namespace CrmSuite.PlaybookEngine.Expressions;

internal enum ExprToken
{
    Identifier,
    Number,
    Date,
    String,
    Percent,
    Minus,
    LParen,
    RParen,
    LBracket,
    RBracket,
    Comma,
    Equal,
    NotEqual,
    GreaterOrEqual,
    LessOrEqual,
    Greater,
    Less,
}
