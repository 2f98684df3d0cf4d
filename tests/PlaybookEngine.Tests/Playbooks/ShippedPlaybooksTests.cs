using CrmSuite.PlaybookEngine.Playbooks;
using CrmSuite.PlaybookEngine.Signals;
using CrmSuite.PlaybookEngine.Tests.Support;

namespace CrmSuite.PlaybookEngine.Tests.Playbooks;

public sealed class ShippedPlaybooksTests
{
    private static readonly string[] OfferIds = ["next-tier", "professional-trial", "enterprise-trial", "renewal-upgrade", "seat-expansion"];

    private static PlaybookLibrary LoadShipped() =>
        PlaybookLibrary.Load(Repository.ShippedPlaybooks(), SignalCatalog.Default,
            id => OfferIds.Contains(id) ? null : ("PB060", $"unknown offer `{id}`"));

    [Fact]
    public void Shipped_playbooks_validate_without_errors_or_warnings()
    {
        var library = LoadShipped();

        Assert.Empty(library.Diagnostics.Select(d => d.ToString()));
    }

    [Fact]
    public void The_five_shipped_playbooks_are_approved_and_loaded()
    {
        var library = LoadShipped();

        Assert.Equal(["churn-rescue", "onboarding", "renewal-upgrade", "tier-trial", "usage-upgrade"], library.Playbooks.Select(p => p.Id).Order(StringComparer.Ordinal));
        Assert.All(library.Playbooks, p => Assert.Equal(PlaybookStatus.Approved, p.Status));
    }

    [Fact]
    public void Churn_rescue_has_the_highest_priority_and_pauses_upgrade_and_trial_plays()
    {
        var library = LoadShipped();
        var rescue = library.Playbooks.Single(p => p.Id == "churn-rescue");

        Assert.Equal(library.Playbooks.Max(p => p.Priority), rescue.Priority);
        Assert.Equal([PlaybookCategory.Upgrade, PlaybookCategory.Trial], rescue.Preempts.ToArray());
        Assert.All(rescue.States, s => Assert.Empty(s.Proposals));
    }

    [Fact]
    public void Every_playbook_that_talks_to_customers_answers_cost_implementation_and_training()
    {
        foreach (var playbook in LoadShipped().Playbooks)
        {
            var topics = playbook.States.SelectMany(s => s.Objections).Select(o => o.Topic).ToHashSet(StringComparer.OrdinalIgnoreCase);
            Assert.True(topics.IsSupersetOf(["cost", "implementation", "training"]), $"{playbook.Id} lacks an objection script: has {string.Join(", ", topics)}");
        }
    }

    [Fact]
    public void Every_upgrade_prompting_playbook_excludes_churn_risk_and_keeps_a_quiet_period()
    {
        foreach (var playbook in LoadShipped().Playbooks.Where(p => p.States.Any(s => s.PromptsUpgrade)))
        {
            Assert.True(playbook.Guardrails.ExcludeChurnRisk, $"{playbook.Id} must exclude accounts at churn risk");
            Assert.NotNull(playbook.Guardrails.QuietDaysAfterDecline);
            Assert.NotNull(playbook.Guardrails.MaxUpgradePromptsPer30Days);
        }
    }

    [Fact]
    public void Every_state_has_prose_for_the_csm()
    {
        foreach (var playbook in LoadShipped().Playbooks)
        {
            Assert.All(playbook.States, s => Assert.False(string.IsNullOrWhiteSpace(s.Description), $"{playbook.Id}: state {s.Name} has no description"));
        }
    }
}
