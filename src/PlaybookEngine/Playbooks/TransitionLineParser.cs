using System.Text.RegularExpressions;
using Superpower;
using Superpower.Model;
using Superpower.Parsers;
using Superpower.Tokenizers;

namespace CrmSuite.PlaybookEngine.Playbooks;

/// <summary>A transition line as written, before its condition is compiled and its target resolved.</summary>
internal sealed record ParsedTransition(TriggerKind Kind, string? Condition, int ConditionIndex, int Days, string? BadDuration, int DurationIndex, string? Outcome, string Target, int TargetIndex);

/// <summary>
/// Reads one transition list item, e.g. <c>when `seat_utilization_min_28d >= 90%` for 14 days -> Qualify</c>,
/// with Superpower so a mistake is reported at its column.
/// </summary>
internal static partial class TransitionLineParser
{
    public const string Expected =
        "expected one of: when `condition` [for N days] -> State; after N days -> State; N days before renewal -> State; " +
        "at trial end -> State; on outcome NAME -> State; on proposal accepted|declined|expired -> State";

    private static readonly Tokenizer<LineToken> Tokenizer = new TokenizerBuilder<LineToken>()
        .Ignore(Span.WhiteSpace)
        .Match(Span.EqualTo("->"), LineToken.Arrow)
        .Match(Character.EqualTo('→'), LineToken.Arrow)
        .Match(Span.Regex("`[^`]*`"), LineToken.Code)
        .Match(Numerics.Integer, LineToken.Number, requireDelimiters: true)
        .Match(Character.EqualTo(','), LineToken.Comma)
        .Match(Character.EqualTo(':'), LineToken.Colon)
        .Match(Span.Regex(@"[A-Za-z_][A-Za-z0-9_\-]*"), LineToken.Word, requireDelimiters: true)
        .Build();

    private static readonly TokenListParser<LineToken, (int Days, string? Word, int Index)> Duration =
        from number in Token.EqualTo(LineToken.Number)
        from unit in Token.EqualTo(LineToken.Word)
        select ToDays(number, unit);

    private static readonly TokenListParser<LineToken, (string Name, int Index)> Target =
        from arrow in Token.EqualTo(LineToken.Arrow).Named("`->`")
        from state in Token.EqualTo(LineToken.Word).Named("a state name")
        select (state.ToStringValue(), state.Span.Position.Absolute);

    private static readonly TokenListParser<LineToken, ParsedTransition> When =
        from keyword in Word("when")
        from code in Token.EqualTo(LineToken.Code).Named("a condition in backticks")
        from sustain in Word("for").IgnoreThen(Duration).Select(d => ((int, string?, int)?)d).OptionalOrDefault()
        from target in Target
        select new ParsedTransition(
            TriggerKind.When, code.ToStringValue()[1..^1], code.Span.Position.Absolute + 1,
            sustain?.Item1 ?? 0, sustain?.Item2, sustain?.Item3 ?? 0, null, target.Name, target.Index);

    private static readonly TokenListParser<LineToken, ParsedTransition> After =
        from keyword in Word("after")
        from duration in Duration
        from target in Target
        select new ParsedTransition(TriggerKind.After, null, 0, duration.Days, duration.Word, duration.Index, null, target.Name, target.Index);

    private static readonly TokenListParser<LineToken, ParsedTransition> BeforeRenewal =
        from duration in Duration
        from before in Word("before")
        from renewal in Word("renewal")
        from target in Target
        select new ParsedTransition(TriggerKind.BeforeRenewal, null, 0, duration.Days, duration.Word, duration.Index, null, target.Name, target.Index);

    private static readonly TokenListParser<LineToken, ParsedTransition> TrialEnd =
        from at in Word("at")
        from trial in Word("trial")
        from end in Word("end")
        from target in Target
        select new ParsedTransition(TriggerKind.TrialEnd, null, 0, 0, null, 0, null, target.Name, target.Index);

    private static readonly TokenListParser<LineToken, ParsedTransition> OutcomeTail =
        from outcome in Word("outcome")
        from name in Token.EqualTo(LineToken.Word).Named("an outcome name")
        from target in Target
        select new ParsedTransition(TriggerKind.Outcome, null, 0, 0, null, 0, name.ToStringValue(), target.Name, target.Index);

    private static readonly TokenListParser<LineToken, ParsedTransition> ProposalTail =
        from proposal in Word("proposal")
        from answer in Word("accepted").Value(TriggerKind.ProposalAccepted)
            .Or(Word("declined").Value(TriggerKind.ProposalDeclined))
            .Or(Word("expired").Value(TriggerKind.ProposalExpired))
        from target in Target
        select new ParsedTransition(answer, null, 0, 0, null, 0, null, target.Name, target.Index);

    // `on` is read once and then either tail, so a mistake after `on outcome` is reported where it is rather than
    // after backtracking to `on proposal` (which blamed the word `outcome`).
    private static readonly TokenListParser<LineToken, ParsedTransition> OnEvent =
        from onWord in Word("on")
        from tail in OutcomeTail.Or(ProposalTail)
        select tail;

    private static readonly TokenListParser<LineToken, ParsedTransition> Line =
        When.Or(After).Or(BeforeRenewal).Or(TrialEnd).Or(OnEvent).AtEnd();

    /// <summary>Parses a line; on failure returns the 0-based index of the problem, its code (PB030, or PB023 for a duration) and a message.</summary>
    public static (ParsedTransition? Transition, int ErrorIndex, string? Error, string Code) Parse(string line)
    {
        // Outside the condition, which reports its own mistakes.
        var outsideCode = CodeSpan().Replace(line, m => new string(' ', m.Length));
        if (DurationShorthand().Match(outsideCode) is { Success: true } shorthand)
        {
            return (null, shorthand.Index, $"bad duration `{shorthand.Value}`: expected {DurationText.Expected}{DurationText.Hint(shorthand.Value)}", "PB023");
        }

        var tokens = Tokenizer.TryTokenize(line);
        if (!tokens.HasValue)
        {
            var at = tokens.ErrorPosition.HasValue ? tokens.ErrorPosition.Absolute : 0;
            var arrow = outsideCode.IndexOf("=>", StringComparison.Ordinal);
            return arrow >= 0
                ? (null, arrow, "cannot read transition: `=>` is not an arrow (did you mean `->`?)", "PB030")
                : (null, at, $"cannot read transition: {tokens.FormatErrorMessageFragment()}; {Expected}", "PB030");
        }

        var result = Line.TryParse(tokens.Value);
        if (result.HasValue)
        {
            return (result.Value, 0, null, "PB030");
        }

        var index = result.ErrorPosition.HasValue ? result.ErrorPosition.Absolute : line.Length;
        return (null, index, $"cannot read transition: {result.FormatErrorMessageFragment()}; {Expected}", "PB030");
    }

    [GeneratedRegex("`[^`]*`")]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"(?<![\w.])\d{1,4}(d|w|wk|wks)\b", RegexOptions.IgnoreCase)]
    private static partial Regex DurationShorthand();

    private static TokenListParser<LineToken, Token<LineToken>> Word(string word) =>
        Token.EqualToValueIgnoreCase(LineToken.Word, word);

    /// <summary>Days of a duration, or the duration's text when it is not a number of days or weeks within <see cref="DurationText.MaxAmount"/>.</summary>
    private static (int Days, string? BadDuration, int Index) ToDays(Token<LineToken> number, Token<LineToken> unit)
    {
        var text = number.ToStringValue();
        var word = unit.ToStringValue();
        var index = number.Span.Position.Absolute;
        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)
            && n <= DurationText.MaxAmount && DurationText.ToDays(n, word) is { } days
            ? (days, null, index)
            : (0, $"{text} {word}", index);
    }
}
