using System.Collections.Immutable;

namespace CrmSuite.PlaybookEngine.Runtime;

/// <summary>
/// Credits the plays that won a contested slot: the upgrade prompts of a play that filled the contact budget or preempts
/// another name, in their provenance, the plays suppressed for them in the same evaluation.
/// </summary>
internal static class Outranking
{
    public static ImmutableArray<Effect> Credit(ImmutableArray<Effect> effects)
    {
        Dictionary<string, List<string>>? lost = null;
        foreach (var effect in effects)
        {
            if (effect is SuppressedEffect { Guardrail.TakenBy: { IsDefaultOrEmpty: false } holders } suppressed)
            {
                foreach (var holder in holders)
                {
                    if (holder != suppressed.PlaybookId)
                    {
                        lost ??= new(StringComparer.Ordinal);
                        if (!lost.TryGetValue(holder, out var list))
                        {
                            lost[holder] = list = [];
                        }

                        list.Add($"`{suppressed.PlaybookId}` {suppressed.From} -> {suppressed.To}: {suppressed.Guardrail.Rule}");
                    }
                }
            }
        }

        if (lost is null)
        {
            return effects;
        }

        var credited = effects.ToBuilder();
        for (var i = 0; i < credited.Count; i++)
        {
            var effect = credited[i];
            if (effect is not SuppressedEffect && !effect.Reason.Passed.IsDefaultOrEmpty && lost.TryGetValue(effect.PlaybookId, out var plays))
            {
                credited[i] = effect with { Reason = effect.Reason with { Outranked = [.. plays] } };
            }
        }

        return credited.ToImmutable();
    }
}
