using CrmSuite.PlaybookEngine.Experiments;
using CrmSuite.PlaybookEngine.Playbooks;
using CrmSuite.PlaybookEngine.Runtime;
using CrmSuite.PlaybookEngine.Signals;
using CrmSuite.PlaybookEngine.Tests.Runtime;
using CrmSuite.PlaybookEngine.Tests.Support;
using static CrmSuite.PlaybookEngine.Tests.Support.Validation;

namespace CrmSuite.PlaybookEngine.Tests.Experiments;

/// <summary>Message variants (A/B) of a task's subject and a proposal's cover message: syntax, diagnostics and the runtime's choice.</summary>
public sealed class MessageVariantTests
{
    private const string Body = """
        ## Watching

        ### Transitions

        - when `active_users_30d >= 10` -> CheckIn

        ## CheckIn

        ### Tasks

        - Call {{ account.name }} about seat growth
          - due: 3 days
          - purpose: help
          - outcomes: yes, no
          - variant short: Seats for {{ account.name }}?
          - variant plans: Ask {{ account.name }} about next quarter's plans

        ### Transitions

        - on outcome yes -> Offer
        - on outcome no -> Done

        ## Offer

        ### Proposals

        - next-tier
          - valid: 30 days
          - variant note: {{ account.name }}, your team has used almost every seat.

        ### Transitions

        - on proposal accepted -> Done
        - on proposal declined -> Done

        ## Done (final)
        """;

    private const string Experiment = "experiment: msg-1";

    private readonly RuntimeFixture _fixture = new();

    private static string Text(string body, string extra = Experiment) => RuntimeFixture.Playbook(body, extra: extra);

    private EvaluationContext Context(string accountId) =>
        new(RuntimeFixture.Account with { Id = accountId }, RuntimeFixture.Signals((SignalOrdinals.ActiveUsers30d, 12)), ContactHistory.None, _fixture.Clock.GetUtcNow());

    [Fact]
    public void Variant_lines_of_a_task_and_a_proposal_are_read_in_file_order_with_their_text()
    {
        var library = Load(Text(Body));

        Assert.Empty(library.Diagnostics);
        var states = library.Playbooks.Single().States;
        var task = states.Single(s => s.Name == "CheckIn").Tasks.Single();
        Assert.Equal(["short", "plans"], task.Variants.Select(v => v.Name));
        Assert.Equal("Seats for {{ account.name }}?", task.Variants[0].Text);
        var proposal = states.Single(s => s.Name == "Offer").Proposals.Single();
        Assert.Equal("note", Assert.Single(proposal.Variants).Name);
    }

    [Theory]
    [InlineData("variant Short Text: Hi", "variant name `short text` must use lowercase letters, digits and '-'")]
    [InlineData("variant control: Hi", "`control` is the message as written")]
    [InlineData("variant: Hi", "needs a name before the colon")]
    public void A_bad_variant_line_is_PB072_at_the_line(string line, string message)
    {
        var text = Text(Body.Replace("  - variant plans: Ask {{ account.name }} about next quarter's plans", "  - " + line, StringComparison.Ordinal));

        var diagnostic = ExpectOnly(text, "PB072", Locate.Of(text, line));
        Assert.Contains(message, diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_variant_name_twice_is_PB072_at_the_second_line()
    {
        var text = Text(Body.Replace("variant plans:", "variant short:", StringComparison.Ordinal));

        var diagnostic = ExpectOnly(text, "PB072", Locate.Of(text, "variant short:", occurrence: 2));
        Assert.Contains("declared twice", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_variant_without_text_is_PB072()
    {
        var text = Text(Body.Replace("variant note: {{ account.name }}, your team has used almost every seat.", "variant note:", StringComparison.Ordinal));

        var diagnostic = Assert.Single(DiagnosticsOf(text), d => d.Code == "PB072");
        Assert.Contains("has no text", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void More_than_eight_variants_of_one_message_is_PB072_at_the_ninth()
    {
        var lines = string.Join("\n", Enumerable.Range(1, 9).Select(i => $"  - variant v{i}: Text {i}"));
        var text = Text(Body.Replace("  - variant short: Seats for {{ account.name }}?\n  - variant plans: Ask {{ account.name }} about next quarter's plans", lines,
            StringComparison.Ordinal));

        var diagnostic = ExpectOnly(text, "PB072", Locate.Of(text, "variant v9:"));
        Assert.Contains("more than 8 variants", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Variants_in_a_playbook_without_an_experiment_are_PB073_at_each_variant()
    {
        var text = Text(Body, extra: "");

        var diagnostics = DiagnosticsOf(text).Where(d => d.Code == "PB073").ToList();
        Assert.Equal(3, diagnostics.Count);
        var first = Locate.Of(text, "Seats for");
        Assert.Equal((first.Line, first.Column), (diagnostics[0].Line, diagnostics[0].Column));
        Assert.Contains("add e.g. `experiment: test-play-messages`", diagnostics[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_variant_text_is_a_template_checked_like_the_subject()
    {
        var text = Text(Body.Replace("Seats for {{ account.name }}?", "Seats for {{ acount.name }}?", StringComparison.Ordinal));

        ExpectOnly(text, "PB040", Locate.Of(text, "Seats for {{ acount", plus: 13));
    }

    [Fact]
    public void An_account_gets_the_variant_the_hash_of_account_playbook_experiment_and_set_picks_rendered_for_it()
    {
        var runtime = new PlaybookRuntime([RuntimeFixture.Compile(Text(Body))]);
        var subjects = new Dictionary<int, string>
        {
            [0] = "Call Contoso about seat growth",
            [1] = "Seats for Contoso?",
            [2] = "Ask Contoso about next quarter's plans",
        };

        foreach (var accountId in Enumerable.Range(0, 30).Select(i => $"acc-{i}"))
        {
            var task = Assert.IsType<TaskEffect>(Assert.Single(runtime.EvaluateAccount([], Context(accountId)).Effects, e => e is TaskEffect));
            var pick = ExperimentAssignment.Variant(accountId, "test-play", "msg-1", "CheckIn/task/1", 3);
            Assert.Equal(subjects[pick], task.Subject);
            Assert.Equal(new VariantChoice("msg-1", "CheckIn/task/1", new[] { "control", "short", "plans" }[pick]), task.Variant);
        }
    }

    [Fact]
    public void On_30k_accounts_each_of_three_variants_gets_a_third_within_one_percentage_point()
    {
        var picks = Enumerable.Range(0, 30_000).GroupBy(i => ExperimentAssignment.Variant($"A{i:D6}", "usage-upgrade", "msg-1", "CheckIn/task/1", 3))
            .ToDictionary(g => g.Key, g => g.Count() / 30_000.0);

        Assert.Equal(3, picks.Count);
        Assert.All(picks.Values, share => Assert.InRange(share, 1 / 3.0 - 0.01, 1 / 3.0 + 0.01));
    }

    [Fact]
    public void A_proposal_variant_carries_its_rendered_cover_message_and_control_carries_none()
    {
        var playbook = RuntimeFixture.Compile(Text(Body));
        var runtime = new PlaybookRuntime([playbook]);
        var withNote = Enumerable.Range(0, 100).Select(i => $"acc-{i}")
            .First(id => ExperimentAssignment.Variant(id, "test-play", "msg-1", "Offer/proposal/1", 2) == 1);
        var control = Enumerable.Range(0, 100).Select(i => $"acc-{i}")
            .First(id => ExperimentAssignment.Variant(id, "test-play", "msg-1", "Offer/proposal/1", 2) == 0);

        ProposalEffect Issue(string accountId)
        {
            var stored = runtime.EvaluateAccount([], Context(accountId)).Changed;
            var answered = runtime.FireEvent(stored, "test-play", PlaybookEvent.Outcome("yes"), Context(accountId));
            return Assert.IsType<ProposalEffect>(Assert.Single(answered.Effects, e => e is ProposalEffect));
        }

        var noted = Issue(withNote);
        Assert.Equal(("note", "Contoso, your team has used almost every seat."), (noted.Variant!.Variant, noted.Message));
        var plain = Issue(control);
        Assert.Equal(("control", null), (plain.Variant!.Variant, plain.Message));
    }
}
