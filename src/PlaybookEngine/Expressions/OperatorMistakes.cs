using System.Text.RegularExpressions;
using CrmSuite.PlaybookEngine.Playbooks;

namespace CrmSuite.PlaybookEngine.Expressions;

/// <summary>
/// Operators and durations written the way other languages write them (<c>=&gt;</c>, <c>&amp;&amp;</c>, <c>21d</c>):
/// found before parsing, so the message names what to write instead of the parser's "unexpected `=`".
/// </summary>
internal static partial class OperatorMistakes
{
    private static readonly (string Written, string Meant)[] Operators =
    [
        ("=>", ">="), ("=<", "<="), ("<>", "!="), ("&&", "and"), ("||", "or"), ("&", "and"), ("|", "or"), ("!", "not"), ("=", "=="),
    ];

    /// <summary>Each mistake in <paramref name="condition"/>, at its 0-based index, in text order.</summary>
    public static IReadOnlyList<ConditionProblem> Find(string condition)
    {
        // Quoted enum values may hold anything; blank them out so their content is not mistaken for operators.
        var text = Quoted().Replace(condition, m => new string(' ', m.Length));
        var problems = new List<ConditionProblem>();
        foreach (Match match in Operator().Matches(text))
        {
            var meant = Operators.First(o => o.Written == match.Value).Meant;
            problems.Add(new ConditionProblem(match.Index, "PB022",
                $"`{match.Value}` is not an operator of the condition language (did you mean `{meant}`?)"));
        }

        foreach (Match match in DurationShorthand().Matches(text))
        {
            problems.Add(new ConditionProblem(match.Index, "PB023",
                $"bad duration `{match.Value}`: expected a number of `days` or `weeks`{DurationText.Hint(match.Value)}"));
        }

        return [.. problems.OrderBy(p => p.Index)];
    }

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"?")]
    private static partial Regex Quoted();

    // Longest first; `==`, `!=`, `>=` and `<=` are the real operators and must not match.
    [GeneratedRegex(@"=>|=<|<>|&&|\|\||&|\||!(?!=)|(?<![=!<>])=(?!=)")]
    private static partial Regex Operator();

    [GeneratedRegex(@"(?<![\w.\-])\d{1,4}(d|w|wk|wks)\b", RegexOptions.IgnoreCase)]
    private static partial Regex DurationShorthand();
}
