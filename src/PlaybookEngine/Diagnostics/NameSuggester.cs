namespace CrmSuite.PlaybookEngine.Diagnostics;

/// <summary>Finds the closest known name to a typo, for "did you mean" hints.</summary>
public static class NameSuggester
{
    internal static string? Closest(string typo, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = Distance(typo.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance < bestDistance)
            {
                bestDistance = distance;
                best = candidate;
            }
        }

        // A suggestion further away than a third of the word is noise rather than help.
        var limit = Math.Max(2, typo.Length / 3);
        return bestDistance <= limit ? best : SharingWords(typo, candidates);
    }

    /// <summary>
    /// A candidate made of the typo's words: a shortened name (`exclude_churn` for `exclude_churn_risk`) or one with a word
    /// left out (`max_prompts_per_30_days`). Every word of the typo (a single word of four letters at least) must appear
    /// in it; the fewest extra words win.
    /// </summary>
    private static string? SharingWords(string typo, IEnumerable<string> candidates)
    {
        var words = Words(typo);
        if (words.Length == 0 || (words.Length == 1 && words[0].Length < 4))
        {
            return null;
        }

        return candidates
            .Select(c => (Name: c, Words: Words(c)))
            .Where(c => words.All(c.Words.Contains))
            .OrderBy(c => c.Words.Length)
            .Select(c => c.Name)
            .FirstOrDefault();
    }

    private static string[] Words(string name) =>
        name.ToLowerInvariant().Split(['_', '-', ' '], StringSplitOptions.RemoveEmptyEntries);

    /// <summary>
    /// A suffix for an error message, <c> (did you mean `name`?)</c>, naming the candidate closest to
    /// <paramref name="typo"/> (case-insensitive edit distance of at most a third of its length, and at least 2);
    /// empty when no candidate is that close.
    /// </summary>
    public static string Hint(string typo, IEnumerable<string> candidates) =>
        Closest(typo, candidates) is { } match ? $" (did you mean `{match}`?)" : "";

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
