using CrmSuite.PlaybookEngine.Accounts;
using CrmSuite.PlaybookEngine.Diagnostics;
using CrmSuite.PlaybookEngine.Playbooks;
using CrmSuite.PlaybookEngine.Runtime;
using CrmSuite.PlaybookEngine.Signals;
using Microsoft.Extensions.Time.Testing;

namespace CrmSuite.PlaybookEngine.Tests.Runtime;

/// <summary>Builds compiled playbooks from inline Markdown and evaluation contexts on a fake clock.</summary>
internal sealed class RuntimeFixture
{
    public static readonly Account Account = new("acc-1", "Contoso", "mid_market", "retail", "adoption", "csm-ana");

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));

    public static CompiledPlaybook Compile(string markdown, string path = "test.md")
    {
        var library = PlaybookLibrary.Load([new SourceFile(path, markdown)], SignalCatalog.Default, offers: null);
        Assert.False(library.HasErrors, string.Join("\n", library.Diagnostics));
        return CompiledPlaybook.Compile(library.Playbooks.Single(), SignalCatalog.Default);
    }

    public static string Playbook(string body, string id = "test-play", string category = "adoption", int priority = 10, string start = "Watching", string extra = "") => $"""
        ---
        id: {id}
        title: Test play
        version: 1
        status: approved
        owner: tests
        category: {category}
        priority: {priority}
        start: {start}
        {extra}
        ---

        {body}
        """;

    public static SignalVector Signals(params (int Ordinal, double Value)[] values)
    {
        var vector = SignalVector.Empty();
        vector[SignalOrdinals.ChurnRisk] = 0;
        foreach (var (ordinal, value) in values)
        {
            vector[ordinal] = value;
        }

        return vector;
    }

    public EvaluationContext Context(SignalVector signals, ContactHistory? history = null) =>
        new(Account, signals, history ?? ContactHistory.None, Clock.GetUtcNow());

    public void AdvanceDays(int days) => Clock.Advance(TimeSpan.FromDays(days));
}
