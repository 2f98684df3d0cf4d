using CrmSuite.Plugins.Context;
using CrmSuite.Plugins.Handlers;

namespace CrmSuite.Plugins.Tests.Handlers;

/// <summary>Each handler decides from the event alone whether there is work, and says why when there is none.</summary>
public sealed class HandlerVerdictTests
{
    private static readonly TaskCompletedHandler Tasks = new();
    private static readonly ProposalAnsweredHandler Proposals = new();
    private static readonly SubscriptionChangedHandler Subscriptions = new();

    [Fact]
    public void A_completed_crmsuite_task_acts_for_its_account()
    {
        var verdict = Tasks.Check(Events.Update("task",
            new Dictionary<string, AttributeValue> { ["statecode"] = new OptionSetValue(1) },
            new Dictionary<string, AttributeValue> { ["cs_stepkey"] = new TextValue("k1"), ["regardingobjectid"] = Events.AccountRef }), maxDepth: 1);

        Assert.True(verdict.Acts);
        Assert.Equal("task k1 completed", verdict.Reason);
        Assert.Equal(Events.Account.ToString("D"), verdict.AccountId);
    }

    [Theory]
    [InlineData(0, "k1", "the task is not completed")]
    [InlineData(2, "k1", "the task is not completed")]
    [InlineData(1, null, "the task has no cs_stepkey: CrmSuite did not create it")]
    public void A_task_not_completed_or_not_ours_is_ignored(int statecode, string? stepKey, string reason)
    {
        var post = new Dictionary<string, AttributeValue>();
        if (stepKey is not null)
        {
            post["cs_stepkey"] = new TextValue(stepKey);
        }

        var verdict = Tasks.Check(Events.Update("task", new Dictionary<string, AttributeValue> { ["statecode"] = new OptionSetValue(statecode) }, post), 1);

        Assert.False(verdict.Acts);
        Assert.Equal(reason, verdict.Reason);
    }

    [Fact]
    public void A_task_closed_through_SetState_acts_like_an_update()
    {
        var verdict = Tasks.Check(Events.Update("task",
            new Dictionary<string, AttributeValue> { ["statecode"] = new OptionSetValue(1), ["cs_stepkey"] = new TextValue("k2") }, message: "SetState"), 1);

        Assert.True(verdict.Acts);
    }

    [Fact]
    public void An_event_deeper_than_the_guard_is_ignored_whatever_it_holds()
    {
        var verdict = Tasks.Check(Events.Update("task",
            new Dictionary<string, AttributeValue> { ["statecode"] = new OptionSetValue(1), ["cs_stepkey"] = new TextValue("k3") }, depth: 3), maxDepth: 2);

        Assert.False(verdict.Acts);
        Assert.StartsWith("depth 3 is beyond 2", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_event_of_another_table_is_ignored_naming_both()
    {
        var verdict = Proposals.Check(Events.Update("task", new Dictionary<string, AttributeValue>()), 1);

        Assert.Equal("this handler takes cs_upgradeproposal events, not task", verdict.Reason);
    }

    [Fact]
    public void A_body_stripped_for_size_acts_so_the_crm_is_read_instead()
    {
        Assert.True(Tasks.Check(Events.Update("task", new Dictionary<string, AttributeValue>(), sizeExceeded: true), 1).Acts);
        Assert.True(Proposals.Check(Events.Update("cs_upgradeproposal", new Dictionary<string, AttributeValue>(), sizeExceeded: true), 1).Acts);
    }

    [Theory]
    [InlineData("accepted", true)]
    [InlineData("declined", true)]
    [InlineData("issued", false)]
    [InlineData("withdrawn", false)]
    public void Only_an_answer_on_a_proposal_acts(string status, bool acts)
    {
        var verdict = Proposals.Check(Events.Update("cs_upgradeproposal",
            new Dictionary<string, AttributeValue> { ["cs_status"] = new TextValue(status) },
            new Dictionary<string, AttributeValue> { ["cs_key"] = new TextValue("p1"), ["cs_accountid"] = Events.AccountRef }), 1);

        Assert.Equal(acts, verdict.Acts);
        Assert.Equal(acts ? $"proposal p1 {status}" : $"status {status} is not an answer", verdict.Reason);
    }

    [Theory]
    [InlineData("cs_seats", true)]
    [InlineData("cs_seatsused", true)]
    [InlineData("cs_tier", true)]
    [InlineData("cs_status", true)]
    [InlineData("cs_name", false)]
    public void A_license_update_acts_only_when_seats_tier_or_status_changed(string column, bool acts)
    {
        var verdict = Subscriptions.Check(Events.Update("cs_subscription",
            new Dictionary<string, AttributeValue> { [column] = new NumberValue(12) },
            new Dictionary<string, AttributeValue> { ["cs_accountid"] = Events.AccountRef }), 1);

        Assert.Equal(acts, verdict.Acts);
        Assert.Equal(acts ? Events.Account.ToString("D") : null, verdict.AccountId);
    }

    [Fact]
    public void A_license_created_acts_for_its_account()
    {
        var verdict = Subscriptions.Check(Events.Update("cs_subscription",
            new Dictionary<string, AttributeValue> { ["cs_accountid"] = Events.AccountRef, ["cs_name"] = new TextValue("x") }, message: "Create"), 1);

        Assert.True(verdict.Acts);
        Assert.Equal("a license was created", verdict.Reason);
    }

    [Fact]
    public void Every_handler_has_a_distinct_url_name()
    {
        Assert.Equal(WebhookHandlers.All.Count, WebhookHandlers.All.Select(h => h.Name).Distinct().Count());
        Assert.Same(WebhookHandlers.All[0], WebhookHandlers.Find(WebhookHandlers.All[0].Name));
        Assert.Null(WebhookHandlers.Find("Task-Completed"));
    }
}
