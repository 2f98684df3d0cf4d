using CrmSuite.PlaybookEngine.Text;

namespace CrmSuite.PlaybookEngine.Playbooks;

/// <summary>
/// One alternative message of a task or proposal, from a <c>- variant NAME: text</c> line under it: an A/B test of the
/// wording. The message as written without a variant line is the variant <see cref="Control"/>.
/// </summary>
/// <param name="Name">The variant's name: lowercase letters, digits and <c>-</c>, not <c>control</c>.</param>
/// <param name="Text">The message, a template: a task's subject, or a proposal's cover message.</param>
/// <param name="Position">Where the text starts.</param>
public sealed record MessageVariantDefinition(string Name, string Text, SourcePosition Position)
{
    /// <summary>The name of the message as written without a variant line (a proposal's control has no cover message).</summary>
    public const string Control = "control";

    /// <summary>The most variant lines one task or proposal may have, besides the control.</summary>
    public const int MaxVariants = 8;
}
