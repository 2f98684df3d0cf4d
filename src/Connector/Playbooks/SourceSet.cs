using CrmSuite.PlaybookEngine.Diagnostics;
using CrmSuite.PlaybookEngine.Offers;
using CrmSuite.PlaybookEngine.Playbooks;
using CrmSuite.PlaybookEngine.Signals;

namespace CrmSuite.Connector.Playbooks;

/// <summary>
/// Playbooks, price books and offers read together, so a playbook's offer references are checked against the offers
/// that may be issued today. When the given files hold no price book or offers, those beside the playbooks are used.
/// </summary>
internal sealed record SourceSet(PlaybookLibrary Library, OfferCatalog Offers, IReadOnlyList<Diagnostic> Diagnostics)
{
    public static SourceSet Load(IReadOnlyList<SourceFile> files, SignalCatalog catalog, DateOnly? today = null)
    {
        var day = today ?? DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime);
        var offerFiles = files.Where(IsOfferFile).ToList();
        var reported = offerFiles.Count > 0;
        if (!reported)
        {
            offerFiles = NeighbouringOfferFiles(files);
        }

        var offers = new OfferCatalog(offerFiles.Select(f => PriceBookParser.Parse(f.Text, f.Path)), day);
        var library = PlaybookLibrary.Load(files, catalog, id => offers.Check(id) is { IsOk: false } problem ? (problem.Code!, problem.Message) : null);

        // Problems inside neighbouring price books belong to those files' own validation, not to the playbook asked about.
        var diagnostics = reported ? [.. library.Diagnostics, .. offers.Diagnostics] : library.Diagnostics;
        var sorted = diagnostics.OrderBy(d => d.Path, StringComparer.Ordinal).ThenBy(d => d.Line).ThenBy(d => d.Column).ToList();
        return new SourceSet(library, offers, sorted);
    }

    public static bool IsOfferFile(SourceFile file) => PriceBookParser.Handles(PriceBookParser.PeekKind(file.Text));

    private static List<SourceFile> NeighbouringOfferFiles(IReadOnlyList<SourceFile> files)
    {
        var folders = files.Select(f => Path.GetDirectoryName(Path.GetFullPath(f.Path))!).Distinct(StringComparer.Ordinal);
        return PlaybookFiles.Read(folders.Where(Directory.Exists)).Files.Where(IsOfferFile).ToList();
    }
}
