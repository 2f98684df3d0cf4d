using CrmSuite.PlaybookEngine.Diagnostics;
using CrmSuite.PlaybookEngine.Offers;
using CrmSuite.PlaybookEngine.Text;
using YamlDotNet.RepresentationModel;

namespace CrmSuite.PlaybookEngine.Playbooks;

/// <summary>What a Markdown file of the playbooks folder is, by the <c>kind</c> of its front matter.</summary>
internal enum FileKind
{
    /// <summary>A playbook: <c>kind: playbook</c>, no kind, or no readable front matter (the playbook parser says why).</summary>
    Playbook,

    /// <summary>A price book or an offers file, read by <see cref="PriceBookParser"/>.</summary>
    Offers,

    /// <summary>The contact budget shared by every play: <c>kind: contact-policy</c>, read by <see cref="ContactPolicyParser"/>.</summary>
    ContactPolicy,

    /// <summary>A kind nobody reads: reported as PB006, so the file never drops out of a folder in silence.</summary>
    Unknown,
}

/// <summary>Routes the files of a playbooks folder by their front matter's <c>kind</c>.</summary>
internal static class FileKinds
{
    public const string Playbook = "playbook";

    private static readonly string[] Known = [Playbook, PriceBookParser.PriceBookKind, PriceBookParser.OffersKind, ContactPolicyParser.Kind];

    /// <summary>The file's kind; an unknown kind is reported at its value, with the kinds allowed.</summary>
    public static FileKind Classify(SourceFile file, DiagnosticBag diagnostics)
    {
        if (!FrontMatterReader.TryRead(file.Text, file.Path, out var frontMatter, out _)
            || !frontMatter.Root.Children.TryGetValue(new YamlScalarNode("kind"), out var node))
        {
            return FileKind.Playbook;
        }

        var kind = node is YamlScalarNode { Value: { } value } ? value : "";
        if (kind == Playbook)
        {
            return FileKind.Playbook;
        }

        if (kind == ContactPolicyParser.Kind)
        {
            return FileKind.ContactPolicy;
        }

        if (PriceBookParser.Handles(kind))
        {
            return FileKind.Offers;
        }

        diagnostics.Error(frontMatter.At(node), "PB006",
            $"unknown kind `{kind}`, so this file is neither a playbook, a price book nor the contact policy; expected one of {string.Join(", ", Known)}" +
            $" (a playbook may leave `kind` out){NameSuggester.Hint(kind, Known)}");
        return FileKind.Unknown;
    }
}
