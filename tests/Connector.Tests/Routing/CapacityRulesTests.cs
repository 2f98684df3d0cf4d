using CrmSuite.Connector.Routing;
using CrmSuite.PlaybookEngine.Runtime;

namespace CrmSuite.Connector.Tests.Routing;

/// <summary>The routing rules of docs/routing.md, shared by the sync and the backtest.</summary>
public sealed class CapacityRulesTests
{
    private static RoutingOptions Options(RoutingMode mode, int capacity, params string[] pool) =>
        new() { Mode = mode, WeeklyCapacity = capacity, Pool = [.. pool] };

    private static RoutingCandidate Task(
        string key, TaskPriority priority = TaskPriority.Normal, string csm = "csm-1", DateOnly? heldSince = null, bool rescueHelp = false) =>
        new(key, csm, priority, heldSince, rescueHelp);

    [Fact]
    public void The_higher_priority_task_takes_the_last_slot_and_the_lower_one_is_held()
    {
        var load = new Dictionary<string, int> { ["csm-1"] = 2 };

        var decisions = CapacityRules.Route([Task("a", TaskPriority.Low), Task("b", TaskPriority.High), Task("c", TaskPriority.Normal)], load,
            Options(RoutingMode.Defer, 3));

        Assert.Equal(["b:Assigned", "c:Deferred", "a:Deferred"], decisions.Select(d => $"{d.Candidate.Key}:{d.Outcome}"));
        Assert.Equal(3, load["csm-1"]);
    }

    [Fact]
    public void Among_equal_priorities_a_held_task_goes_first_the_longest_held_first_then_by_key()
    {
        var week = new DateOnly(2026, 11, 30);

        var decisions = CapacityRules.Route(
            [Task("n1"), Task("h2", heldSince: week.AddDays(-7)), Task("h1", heldSince: week.AddDays(-14)), Task("n0")], [], Options(RoutingMode.Defer, 3));

        Assert.Equal(["h1:Released", "h2:Released", "n0:Assigned", "n1:Deferred"], decisions.Select(d => $"{d.Candidate.Key}:{d.Outcome}"));
    }

    [Fact]
    public void Beyond_capacity_tasks_go_round_robin_to_the_pool_within_each_member_s_capacity()
    {
        var options = Options(RoutingMode.Pool, 2, "p1", "p2", "p3");
        options.Capacities["p3"] = 1;
        var load = new Dictionary<string, int>();

        var decisions = CapacityRules.Route(Enumerable.Range(0, 9).Select(i => Task($"t{i}")), load, options);

        Assert.Equal(["csm-1", "csm-1", "p1", "p2", "p3", "p1", "p2", null, null], decisions.Select(d => d.OwnerId));
        Assert.Equal(new Dictionary<string, int> { ["csm-1"] = 2, ["p1"] = 2, ["p2"] = 2, ["p3"] = 1 }, load);
        Assert.All(decisions.Skip(2).Take(5), d => Assert.Equal(RoutingOutcome.Pooled, d.Outcome));
    }

    [Fact]
    public void Round_robin_gives_each_member_with_room_a_share_within_one_task()
    {
        var load = new Dictionary<string, int> { ["p2"] = 3 };

        CapacityRules.Route(Enumerable.Range(0, 13).Select(i => Task($"t{i:D2}")), load, Options(RoutingMode.Pool, 5, "p1", "p2", "p3"));

        // csm-1 takes 5; the 8 beyond go to the least-loaded member first: p1 and p3 alternate up to p2 (3), then all three in turn.
        Assert.Equal(5, load["csm-1"]);
        Assert.Equal([4, 4, 3], new[] { load["p1"], load["p2"], load["p3"] }.OrderDescending());
    }

    [Fact]
    public void When_everyone_is_full_every_task_is_held_and_none_is_dropped()
    {
        var load = new Dictionary<string, int> { ["csm-1"] = 2, ["p1"] = 2 };

        var decisions = CapacityRules.Route(Enumerable.Range(0, 5).Select(i => Task($"t{i}")), load, Options(RoutingMode.Pool, 2, "p1"));

        Assert.Equal(5, decisions.Count);
        Assert.All(decisions, d => Assert.Equal(RoutingOutcome.Deferred, d.Outcome));
        Assert.All(decisions, d => Assert.Null(d.OwnerId));
    }

    [Fact]
    public void A_rescue_play_s_help_task_goes_to_its_csm_beyond_capacity_unless_the_bypass_is_off()
    {
        var options = Options(RoutingMode.Defer, 1);
        var load = new Dictionary<string, int> { ["csm-1"] = 1 };

        var urgent = CapacityRules.Route([Task("u", TaskPriority.Urgent)], new Dictionary<string, int>(load), options);
        var bypassed = CapacityRules.Route([Task("r", rescueHelp: true)], load, options);
        options.RescueHelpBypassesCapacity = false;
        var held = CapacityRules.Route([Task("v", rescueHelp: true)], load, options);

        Assert.Equal(RoutingOutcome.Deferred, urgent[0].Outcome);

        Assert.Equal(RoutingOutcome.Assigned, bypassed[0].Outcome);
        Assert.Equal(2, load["csm-1"]);
        Assert.Equal(RoutingOutcome.Deferred, held[0].Outcome);
    }

    [Fact]
    public void A_csm_s_own_capacity_overrides_the_default_and_zero_takes_nothing()
    {
        var options = Options(RoutingMode.Defer, 5);
        options.Capacities["csm-1"] = 0;

        var decisions = CapacityRules.Route([Task("a", TaskPriority.High), Task("b", csm: "csm-2")], [], options);

        Assert.Equal(["a:Deferred", "b:Assigned"], decisions.Select(d => $"{d.Candidate.Key}:{d.Outcome}"));
    }

    [Theory]
    [InlineData("2026-11-23", "2026-11-23")] // Monday: its own week
    [InlineData("2026-11-29", "2026-11-23")] // Sunday: the week that began on Monday
    [InlineData("2026-11-30", "2026-11-30")]
    [InlineData("2027-01-01", "2026-12-28")] // a week across the new year starts in the old one
    public void A_week_runs_from_monday_to_sunday(string day, string monday) =>
        Assert.Equal(DateOnly.Parse(monday, System.Globalization.CultureInfo.InvariantCulture),
            RoutingWeek.Of(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void The_week_of_an_instant_is_read_on_the_connector_s_time_zone_calendar()
    {
        var auckland = TimeZoneInfo.FindSystemTimeZoneById("Pacific/Auckland");
        var sundayNoonUtc = new DateTimeOffset(2026, 11, 29, 11, 0, 0, TimeSpan.Zero); // Monday 00:00 in Auckland (UTC+13)

        Assert.Equal(new DateOnly(2026, 11, 23), RoutingWeek.Of(sundayNoonUtc, TimeZoneInfo.Utc));
        Assert.Equal(new DateOnly(2026, 11, 30), RoutingWeek.Of(sundayNoonUtc, auckland));
        Assert.Equal(new DateOnly(2026, 11, 23), RoutingWeek.Of(sundayNoonUtc.AddTicks(-1), auckland));
    }
}
