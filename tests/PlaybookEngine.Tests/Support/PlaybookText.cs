namespace CrmSuite.PlaybookEngine.Tests.Support;

/// <summary>
/// Builds a small valid playbook as text, so each test changes one thing and the rest stays valid.
/// The default has four states: Watching (start), CheckIn (a task), Proposal (an offer) and Done (final).
/// </summary>
internal sealed class PlaybookText
{
    private readonly List<(string Key, string Value)> _fields =
    [
        ("id", "test-play"),
        ("title", "Test play"),
        ("version", "1"),
        ("status", "approved"),
        ("owner", "sales-ops@example.com"),
        ("category", "upgrade"),
        ("start", "Watching"),
    ];

    private readonly List<(string Heading, string Body)> _states =
    [
        ("Watching", """
            The account is within its limits.

            ### Transitions

            - when `seat_utilization >= 90%` -> CheckIn
            """),
        ("CheckIn", """
            ### Tasks

            - Check in with {{ account.name }}
              - due: 3 days
              - owner: csm
              - priority: high
              - outcomes: yes, no
              - purpose: upgrade

            ### Transitions

            - on outcome yes -> Proposal
            - on outcome no -> Done
            - after 14 days -> Watching

            ### Talk track

            Ask about their plans.
            """),
        ("Proposal", """
            ### Proposals

            - next-tier
              - valid: 30 days

            ### Transitions

            - on proposal accepted -> Done
            - on proposal declined -> Done
            - on proposal expired -> Done
            """),
        ("Done (final)", "The play is over."),
    ];

    public static PlaybookText Valid() => new();

    public PlaybookText Field(string key, string value)
    {
        var index = _fields.FindIndex(f => f.Key == key);
        if (index >= 0)
        {
            _fields[index] = (key, value);
        }
        else
        {
            _fields.Add((key, value));
        }

        return this;
    }

    public PlaybookText Without(string key)
    {
        _fields.RemoveAll(f => f.Key == key);
        return this;
    }

    /// <summary>Replaces the body of the state whose heading is <paramref name="heading"/>.</summary>
    public PlaybookText State(string heading, string body)
    {
        var index = _states.FindIndex(s => s.Heading == heading);
        if (index >= 0)
        {
            _states[index] = (heading, body);
        }
        else
        {
            _states.Add((heading, body));
        }

        return this;
    }

    public string Build()
    {
        var lines = new List<string> { "---" };
        lines.AddRange(_fields.Select(f => f.Value.StartsWith("  ", StringComparison.Ordinal) ? $"{f.Key}:\n{f.Value}" : $"{f.Key}: {f.Value}"));
        lines.Add("---");
        lines.Add("");
        lines.Add("# Test play");
        lines.Add("");
        foreach (var (heading, body) in _states)
        {
            lines.Add($"## {heading}");
            lines.Add("");
            lines.Add(body.TrimEnd());
            lines.Add("");
        }

        return string.Join('\n', lines);
    }

    /// <summary>Builds, then replaces one exact snippet (which must occur once) so a test changes just that.</summary>
    public string BuildWith(string snippet, string replacement)
    {
        var text = Build();
        var at = text.IndexOf(snippet, StringComparison.Ordinal);
        if (at < 0 || text.IndexOf(snippet, at + 1, StringComparison.Ordinal) >= 0)
        {
            throw new ArgumentException($"`{snippet}` must occur exactly once in the playbook text.", nameof(snippet));
        }

        return string.Concat(text.AsSpan(0, at), replacement, text.AsSpan(at + snippet.Length));
    }
}
