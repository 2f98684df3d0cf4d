using CrmSuite.PlaybookEngine.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace CrmSuite.PlaybookEngine.Offers;

/// <summary>
/// Parses price book and offers files: Markdown whose YAML front matter holds the data (<c>kind: pricebook</c> or
/// <c>kind: offers</c>) and whose body is prose for people. No I/O: the caller passes the file's text and its path,
/// which every diagnostic names (<c>path:line:col: error PRnnn: message</c>).
/// </summary>
public static class PriceBookParser
{
    /// <summary>The front matter <c>kind</c> of a price book file.</summary>
    public const string PriceBookKind = "pricebook";

    /// <summary>The front matter <c>kind</c> of an offers file.</summary>
    public const string OffersKind = "offers";

    private static readonly string[] Kinds = [PriceBookKind, OffersKind];

    /// <summary>Parses one file, reporting all errors at once.</summary>
    public static PriceBookParseResult Parse(string text, string path)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(path);
        var diagnostics = new DiagnosticBag();
        var root = FrontMatter.Load(text, path, diagnostics);
        if (root is null)
        {
            return new PriceBookParseResult(path, null, null, [], diagnostics.Sorted());
        }

        var reader = new YamlNodeReader(path, diagnostics);
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
    public static string? PeekKind(string text) => FrontMatter.PeekKind(text);

    /// <summary>True when <paramref name="kind"/> is one this parser reads.</summary>
    public static bool Handles(string? kind) => kind is PriceBookKind or OffersKind;

    internal static YamlMappingNode? LoadFrontMatter(string text, string path, DiagnosticBag diagnostics) => FrontMatter.Load(text, path, diagnostics);
}
