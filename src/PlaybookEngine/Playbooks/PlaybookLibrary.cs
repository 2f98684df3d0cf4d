using System.Collections.Immutable;
using CrmSuite.PlaybookEngine.Diagnostics;
using CrmSuite.PlaybookEngine.Signals;

namespace CrmSuite.PlaybookEngine.Playbooks;

/// <summary>A validated set of playbooks, and every diagnostic found while reading them.</summary>
/// <param name="Playbooks">The playbooks free of errors, in file order; a file with any error is left out.</param>
/// <param name="Diagnostics">Every problem found, in file order.</param>
public sealed record PlaybookLibrary(ImmutableArray<PlaybookDefinition> Playbooks, IReadOnlyList<Diagnostic> Diagnostics)
{
    private const int MaxPreempting = 64;

    internal bool HasErrors => Diagnostics.Any(d => d.IsError);

    /// <summary>
    /// The contact budget of <c>contact-policy.md</c> when the files hold one; null leaves each playbook's own
    /// <c>max_upgrade_prompts_per_30_days</c> in force (the form before the policy file).
    /// </summary>
    public ContactPolicy? ContactPolicy { get; init; }

    /// <summary>
    /// Parses and validates playbook files together, so duplicate ids across files are caught. Files whose front matter
    /// declares another <c>kind</c> (a price book, offers) are skipped here; an unknown kind is error PB006.
    /// </summary>
    public static PlaybookLibrary Load(IEnumerable<SourceFile> files, SignalCatalog catalog, PlaybookValidator.OfferCheck? offers)
    {
        var diagnostics = new DiagnosticBag();
        var playbooks = ImmutableArray.CreateBuilder<PlaybookDefinition>();
        var firstById = new Dictionary<string, PlaybookDefinition>(StringComparer.Ordinal);
        var preempting = 0;
        ContactPolicy? policy = null;
        foreach (var file in files)
        {
            var kind = FileKinds.Classify(file, diagnostics);
            if (kind == FileKind.ContactPolicy)
            {
                policy = ReadPolicy(file, policy, diagnostics);
                continue;
            }

            if (kind != FileKind.Playbook)
            {
                continue;
            }

            var playbook = PlaybookParser.Parse(file.Text, file.Path, catalog, diagnostics);
            if (playbook is null)
            {
                continue;
            }

            PlaybookValidator.Validate(playbook, catalog, offers, diagnostics);
            if (firstById.TryGetValue(playbook.Id, out var first))
            {
                diagnostics.Error(playbook.IdPosition, "PB050",
                    $"duplicate playbook id `{playbook.Id}`: also defined in {first.Path}; keep one file per playbook id");
                continue;
            }

            firstById[playbook.Id] = playbook;
            if (!playbook.Preempts.IsEmpty && ++preempting > MaxPreempting)
            {
                // The runtime tracks engaged preemptors in one 64-bit mask per account.
                diagnostics.Error(playbook.IdPosition, "PB052",
                    $"`{playbook.Id}` has `preempts`, and {MaxPreempting} playbooks already do; at most {MaxPreempting} playbooks may preempt");
                continue;
            }

            if (!diagnostics.Items.Any(d => d.IsError && d.Path == file.Path))
            {
                playbooks.Add(playbook);
            }
        }

        var kept = policy is null ? playbooks.ToImmutable() : ContactPolicyCheck.KeepAgreeing(playbooks.ToImmutable(), policy, diagnostics);
        return new PlaybookLibrary(kept, diagnostics.Sorted()) { ContactPolicy = policy };
    }

    private static ContactPolicy? ReadPolicy(SourceFile file, ContactPolicy? first, DiagnosticBag diagnostics)
    {
        if (first is not null)
        {
            diagnostics.Error(file.Path, 1, 1, "PB061",
                $"a second contact policy: {first.Path} already sets the contact budget of every play; keep one `kind: contact-policy` file");
            return first;
        }

        return ContactPolicyParser.Parse(file, diagnostics);
    }
}
