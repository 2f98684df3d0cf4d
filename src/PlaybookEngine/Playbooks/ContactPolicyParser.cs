using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;
using CrmSuite.PlaybookEngine.Diagnostics;
using CrmSuite.PlaybookEngine.Text;

namespace CrmSuite.PlaybookEngine.Playbooks;

/// <summary>
/// Reads <c>contact-policy.md</c> (front matter <c>kind: contact-policy</c>): the contact budget every play shares. Every
/// problem is a positioned diagnostic (PB060 for a value, PB007 for an unknown field, PB001/PB002 for the front matter).
/// </summary>
internal static partial class ContactPolicyParser
{
    public const string Kind = "contact-policy";

    public const string Expected = "`N touches per D days` (or weeks), e.g. `2 touches per 30 days`";

    private static readonly string[] KnownFields = ["kind", "per_account", "per_contact", "counts"];

    private static readonly string[] KindNames = ["proposal", "upgrade_task"];

    public static ContactPolicy? Parse(SourceFile file, DiagnosticBag diagnostics)
    {
        if (!FrontMatterReader.TryRead(file.Text.Replace("\r\n", "\n", StringComparison.Ordinal), file.Path, out var frontMatter, out var error))
        {
            var message = error.Problem == FrontMatterProblem.Missing || error.Problem == FrontMatterProblem.NotClosed
                ? "the contact policy is YAML front matter between two `---` lines"
                : "front matter is not valid YAML";
            diagnostics.Error(error.At, error.Problem is FrontMatterProblem.Missing or FrontMatterProblem.NotClosed ? "PB001" : "PB002", message);
            return null;
        }

        var fields = new YamlFields(frontMatter, diagnostics);
        fields.ReportUnknownKeys(KnownFields, "the contact policy", strict: true);
        var before = diagnostics.Items.Count(d => d.IsError);
        var (perAccount, accountAt) = Limit(fields, "per_account");
        var (perContact, _) = Limit(fields, "per_contact");
        if (fields.Node("per_account") is null && fields.Node("per_contact") is null)
        {
            fields.Error(fields.MapPosition, "PB060", $"the contact policy sets no limit: write `per_account:` and/or `per_contact:` as {Expected}");
        }

        var counts = Counts(fields);
        return diagnostics.Items.Count(d => d.IsError) > before
            ? null
            : new ContactPolicy(file.Path, perAccount, perContact, counts) { PerAccountPosition = accountAt };
    }

    private static (TouchLimit? Limit, SourcePosition? At) Limit(YamlFields fields, string key)
    {
        var (text, at) = fields.Text(key, required: false);
        if (text is null)
        {
            return (null, null);
        }

        var match = LimitPattern().Match(text.Trim());
        var days = match.Success ? DurationText.ToDays(int.Parse(match.Groups["amount"].Value, CultureInfo.InvariantCulture), match.Groups["unit"].Value) : null;
        if (!match.Success || days is null or < 1)
        {
            fields.Error(at, "PB060", $"field `{key}` must be {Expected}, got `{text}`");
            return (null, at);
        }

        return (new TouchLimit(int.Parse(match.Groups["touches"].Value, CultureInfo.InvariantCulture), days.Value), at);
    }

    private static ImmutableArray<TouchKind> Counts(YamlFields fields)
    {
        if (fields.Node("counts") is not { } node)
        {
            return [TouchKind.Proposal, TouchKind.UpgradeTask];
        }

        var kinds = ImmutableArray.CreateBuilder<TouchKind>();
        foreach (var (value, at) in fields.List(node, "counts"))
        {
            var index = Array.IndexOf(KindNames, value.ToLowerInvariant());
            if (index < 0)
            {
                fields.Error(at, "PB060", $"`counts` has unknown touch kind `{value}`; expected one of {string.Join(", ", KindNames)}{NameSuggester.Hint(value, KindNames)}");
                continue;
            }

            if (!kinds.Contains((TouchKind)index))
            {
                kinds.Add((TouchKind)index);
            }
        }

        if (kinds.Count == 0)
        {
            fields.Error(fields.PositionOf(node), "PB060", $"`counts` names no touch kind, so nothing would count; list some of {string.Join(", ", KindNames)}");
        }

        return kinds.ToImmutable();
    }

    /// <summary>The name of a touch kind as the policy file writes it.</summary>
    public static string NameOf(TouchKind kind) => KindNames[(int)kind];

    [GeneratedRegex(@"^(?<touches>\d{1,4})\s+(?:upgrade\s+)?touch(?:es)?\s+per\s+(?<amount>\d{1,4})\s+(?<unit>days?|weeks?)$", RegexOptions.IgnoreCase)]
    private static partial Regex LimitPattern();
}
