using CrmSuite.PlaybookEngine.Expressions;
using CrmSuite.PlaybookEngine.Signals;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace CrmSuite.PlaybookEngine.Tests.Expressions;

public sealed class ConditionPropertyTests
{
    private static readonly string[] Tokens =
        ["seat_utilization", "tier", "churn_risk", "days_to_renewal", "renewal_date", "health", "starter", "\"enterprise\"", "and", "or", "not", "in",
         "true", "false", "90%", "0.9", "14 days", "2 weeks", "3 months", "2026-12-31", "2026-13-45", "-5", "1e9", "99999999999999999999999999999999",
         "==", "!=", ">", ">=", "<", "<=", "(", ")", "[", "]", ",", "%", "@", "\"", "é", " "];

    private static readonly Gen<string> Conditions =
        Gen.Elements(Tokens).ArrayOf().Select(parts => string.Join(' ', parts));

    [Property(MaxTest = 2000)]
    public Property Any_token_soup_compiles_or_yields_problems_inside_the_text() =>
        Prop.ForAll(Arb.From(Conditions), text =>
        {
            var (condition, problems) = ConditionCompiler.Compile(text, SignalCatalog.Default);
            if (condition is null)
            {
                return problems.Count > 0 && problems.All(p => p.Index >= 0 && p.Index <= text.Length && p.Code.StartsWith("PB02", StringComparison.Ordinal));
            }

            // A compiled condition must also run, on an account with every signal missing, without throwing.
            var missing = SignalVector.Empty();
            condition.Test(in missing);
            return problems.Count == 0;
        });
}
