namespace CrmSuite.PlaybookEngine.Templates;

/// <summary>
/// The variables a template reads: the roots it reads whole (<c>{% for s in signals %}</c>) and the members it reads
/// (<c>{{ account.name }}</c>). A model built for it needs nothing else: a variable it never names cannot change the text.
/// </summary>
internal sealed class TemplateUses
{
    private readonly HashSet<string> _whole;
    private readonly HashSet<string> _roots;
    private readonly HashSet<(string Root, string Member)> _members;

    private TemplateUses(HashSet<string> whole, HashSet<string> roots, HashSet<(string, string)> members)
    {
        _whole = whole;
        _roots = roots;
        _members = members;
    }

    /// <summary>A text without template markup reads nothing.</summary>
    public static TemplateUses None { get; } = new([], [], []);

    public static TemplateUses Of(IEnumerable<(string Root, string? Member)> variables)
    {
        var whole = new HashSet<string>(StringComparer.Ordinal);
        var roots = new HashSet<string>(StringComparer.Ordinal);
        var members = new HashSet<(string, string)>();
        foreach (var (root, member) in variables)
        {
            roots.Add(root);
            if (member is null)
            {
                whole.Add(root);
            }
            else
            {
                members.Add((root, member));
            }
        }

        return new TemplateUses(whole, roots, members);
    }

    /// <summary>True when the template reads <paramref name="root"/> or any of its members.</summary>
    public bool Reads(string root) => _roots.Contains(root);

    /// <summary>True when the template reads <paramref name="root"/>.<paramref name="member"/> (or the whole root).</summary>
    public bool Reads(string root, string member) => _whole.Contains(root) || _members.Contains((root, member));

    public TemplateUses Union(TemplateUses other) =>
        ReferenceEquals(other, None) ? this
        : ReferenceEquals(this, None) ? other
        : new TemplateUses([.. _whole, .. other._whole], [.. _roots, .. other._roots], [.. _members, .. other._members]);
}
