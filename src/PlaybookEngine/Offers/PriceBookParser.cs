using CrmSuite.PlaybookEngine.Diagnostics;
using CrmSuite.PlaybookEngine.Text;
using YamlDotNet.Core;

namespace CrmSuite.PlaybookEngine.Offers;

/// <summary>
/// Parses price book and offers files: Markdown whose YAML front matter holds the data (<c>kind: pricebook</c> or
/// <c>kind: offers</c>) and whose body is prose for people. No I/O: the caller passes the file's text and its path,
/// which every diagnostic names (<c>path:line:col: error PRnnn: message</c>).
/// </summary>
public static class PriceBookParser
{
    /// <summary>The front matter <c>kind</c> of a price book file.</summary>
    internal const string PriceBookKind = "pricebook";

    /// <summary>The front matter <c>kind</c> of an offers file.</summary>
    internal const string OffersKind = "offers";

    private static readonly string[] Kinds = [PriceBookKind, OffersKind];

    /// <summary>Parses one file, reporting all errors at once.</summary>
    public static PriceBookParseResult Parse(string text, string path)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(path);
        var diagnostics = new DiagnosticBag();
        if (!FrontMatterReader.TryRead(text, path, out var frontMatter, out var error))
        {
            Report(error, diagnostics);
            return new PriceBookParseResult(path, null, null, [], diagnostics.Sorted());
        }

        var root = frontMatter.Root;
        var reader = new YamlNodeReader(frontMatter, diagnostics);
        var kindNode = reader.Required(root, "kind", "the front matter");
        var kind = reader.Text(kindNode, "kind");
        switch (kind)
        {
            case PriceBookKind:
                var book = new PriceBookReader(reader).Read(root);
                return new PriceBookParseResult(path, kind, diagnostics.HasErrors ? null : book, [], diagnostics.Sorted());
            case OffersKind:
                var offers = new OffersReader(reader).Read(root);
                return new PriceBookParseResult(path, kind, null, diagnostics.HasErrors ? [] : offers, diagnostics.Sorted());
            case null:
                return new PriceBookParseResult(path, null, null, [], diagnostics.Sorted());
            default:
                reader.Error(kindNode!, OfferCodes.UnknownKind, $"kind `{kind}` is not a price book or offers file{NameSuggester.Hint(kind, Kinds)}; expected `pricebook` or `offers`");
                return new PriceBookParseResult(path, kind, null, [], diagnostics.Sorted());
        }
    }

    /// <summary>
    /// The front matter <c>kind</c> of a Markdown file (e.g. <c>pricebook</c>, <c>offers</c>, <c>playbook</c>), or null when it
    /// has no readable front matter or no kind. Lets a loader route files without parsing them twice for errors.
    /// </summary>
    public static string? PeekKind(string text) => FrontMatterReader.PeekKind(text);

    /// <summary>True when <paramref name="kind"/> is one this parser reads.</summary>
    public static bool Handles(string? kind) => kind is PriceBookKind or OffersKind;

    private static void Report(FrontMatterError error, DiagnosticBag diagnostics)
    {
        switch (error.Problem)
        {
            case FrontMatterProblem.Missing:
                diagnostics.Error(error.At, OfferCodes.FrontMatter, "expected YAML front matter: the file must start with a line `---`");
                break;
            case FrontMatterProblem.NotClosed:
                diagnostics.Error(error.At, OfferCodes.FrontMatter, "front matter is not closed: add a line `---` after the last YAML line");
                break;
            case FrontMatterProblem.InvalidYaml:
                diagnostics.Error(error.At, OfferCodes.YamlSyntax, $"invalid YAML: {Describe(error.Exception!)}");
                break;
            case FrontMatterProblem.Unfinished:
                diagnostics.Error(error.At, OfferCodes.YamlSyntax, "invalid YAML after this point: check for an unclosed `[`, `{` or quote");
                break;
            case FrontMatterProblem.Tab:
                diagnostics.Error(error.At, OfferCodes.YamlSyntax, "invalid YAML: this line is indented with a tab; YAML indents with spaces only");
                break;
            case FrontMatterProblem.Misplaced:
                diagnostics.Error(error.At, OfferCodes.YamlSyntax, "invalid YAML: a value is followed by more on its line, e.g. `[a, b] *x`; remove what follows it");
                break;
            default:
                diagnostics.Error(error.At, OfferCodes.YamlSyntax, "front matter must be a YAML mapping of `key: value` lines");
                break;
        }
    }

    private static string Describe(YamlException ex)
    {
        var message = ex.InnerException?.Message ?? ex.Message;
        var paren = message.IndexOf("): ", StringComparison.Ordinal);
        return paren >= 0 && message.StartsWith('(') ? message[(paren + 3)..] : message;
    }
}
