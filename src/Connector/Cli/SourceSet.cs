using CrmSuite.PlaybookEngine.Diagnostics;
using CrmSuite.PlaybookEngine.Playbooks;
using CrmSuite.PlaybookEngine.Signals;

namespace CrmSuite.Connector.Cli;

/// <summary>Playbooks (and, once offers land, price books) read together so references between them are checked.</summary>
internal sealed record SourceSet(PlaybookLibrary Library, IReadOnlyList<Diagnostic> Diagnostics)
{
    public static SourceSet Load(IReadOnlyList<SourceFile> files, SignalCatalog catalog)
    {
        var library = PlaybookLibrary.Load(files, catalog, offers: null);
        return new SourceSet(library, library.Diagnostics);
    }
}
