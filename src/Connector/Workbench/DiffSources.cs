using CrmSuite.PlaybookEngine.Diagnostics;
using CrmSuite.PlaybookEngine.Offers;
using CrmSuite.PlaybookEngine.Playbooks;
using CrmSuite.PlaybookEngine.Signals;

namespace CrmSuite.Connector.Workbench;

/// <summary>One side of a file in a diff, read and validated: a playbook, a price book or offers file, or its errors.</summary>
internal sealed record DiffSide(PlaybookDefinition? Playbook, PriceBookParseResult? Offers, IReadOnlyList<Diagnostic> Errors);

/// <summary>
/// Reads the files a diff compares. A playbook is validated on its own (its offer ids are not checked: the old side of a
/// git revision has no price book beside it); a file with an error cannot be compared and its diagnostics are returned.
/// </summary>
internal static class DiffSources
{
    public static DiffSide Read(SourceFile file)
    {
        if (PriceBookParser.Handles(PriceBookParser.PeekKind(file.Text)))
        {
            var parsed = PriceBookParser.Parse(file.Text, file.Path);
            var errors = parsed.Diagnostics.Where(d => d.IsError).ToList();
            return errors.Count > 0 ? new DiffSide(null, null, errors) : new DiffSide(null, parsed, []);
        }

        var library = PlaybookLibrary.Load([file], SignalCatalog.Default, offers: null);
        var problems = library.Diagnostics.Where(d => d.IsError).ToList();
        return problems.Count > 0 || library.Playbooks.IsEmpty ? new DiffSide(null, null, problems) : new DiffSide(library.Playbooks[0], null, []);
    }

    /// <summary>Compares one file's two sides (either may be absent: a file added or removed).</summary>
    public static FileDiff Compare(string path, DiffSide? old, DiffSide? @new)
    {
        if ((old?.Offers ?? @new?.Offers) is not null && (old?.Playbook ?? @new?.Playbook) is null)
        {
            return new FileDiff(path, null, OfferComparer.Compare(path, old?.Offers, @new?.Offers));
        }

        if (old?.Offers is not null || @new?.Offers is not null)
        {
            throw new DiffKindException($"{path}: one side is a playbook and the other a price book or offers file; compare files of the same kind");
        }

        return new FileDiff(path, PlaybookComparer.Compare(old?.Playbook, @new?.Playbook), null);
    }
}

/// <summary>The two sides of a diff are not the same kind of file.</summary>
internal sealed class DiffKindException(string message) : Exception(message);
