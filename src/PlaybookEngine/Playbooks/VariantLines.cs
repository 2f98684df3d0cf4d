using System.Collections.Immutable;
using System.Text.RegularExpressions;
using CrmSuite.PlaybookEngine.Diagnostics;

namespace CrmSuite.PlaybookEngine.Playbooks;

/// <summary>
/// Reads the <c>- variant NAME: text</c> lines of one task or proposal, reporting PB072 at the line for a missing or bad
/// name, a reserved or repeated name, an empty text, or more than <see cref="MessageVariantDefinition.MaxVariants"/> lines.
/// </summary>
internal sealed partial class VariantLines(DiagnosticBag diagnostics)
{
    private readonly ImmutableArray<MessageVariantDefinition>.Builder _variants = ImmutableArray.CreateBuilder<MessageVariantDefinition>();

    /// <summary>True for a nested line whose key is <c>variant</c> or starts with <c>variant </c>.</summary>
    public static bool IsVariant(ListItemReader.Property property) =>
        property.Key == "variant" || property.Key.StartsWith("variant ", StringComparison.Ordinal);

    public void Read(ListItemReader.Property property)
    {
        var name = property.Key.Length > "variant".Length ? property.Key["variant".Length..].Trim() : "";
        if (name.Length == 0)
        {
            diagnostics.Error(property.Position, "PB072", "a variant line needs a name before the colon, e.g. `- variant short: Check in with {{ account.name }}`");
        }
        else if (!NamePattern().IsMatch(name))
        {
            diagnostics.Error(property.Position, "PB072", $"variant name `{name}` must use lowercase letters, digits and '-', e.g. `- variant short: …`");
        }
        else if (name == MessageVariantDefinition.Control)
        {
            diagnostics.Error(property.Position, "PB072",
                "`control` is the message as written without a variant line (the task's first line; no cover message for a proposal); give this variant another name");
        }
        else if (_variants.Any(v => v.Name == name))
        {
            diagnostics.Error(property.Position, "PB072", $"variant `{name}` is declared twice here; each variant of a message needs its own name");
        }
        else if (property.Value.Length == 0)
        {
            diagnostics.Error(property.ValuePosition, "PB072", $"variant `{name}` has no text after the colon; write the message this variant sends");
        }
        else if (_variants.Count == MessageVariantDefinition.MaxVariants)
        {
            diagnostics.Error(property.Position, "PB072",
                $"more than {MessageVariantDefinition.MaxVariants} variants of one message; each needs enough accounts to be measured, so keep at most {MessageVariantDefinition.MaxVariants} besides the control");
        }
        else
        {
            _variants.Add(new MessageVariantDefinition(name, property.Value, property.ValuePosition));
        }
    }

    public ImmutableArray<MessageVariantDefinition> ToImmutable() => _variants.ToImmutable();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*$")]
    private static partial Regex NamePattern();
}
