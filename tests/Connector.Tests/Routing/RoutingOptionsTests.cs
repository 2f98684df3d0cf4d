using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using CrmSuite.Connector.Hosting;
using CrmSuite.Connector.Routing;

namespace CrmSuite.Connector.Tests.Routing;

/// <summary>Routing's configuration is checked when the host starts, each problem naming its key.</summary>
public sealed class RoutingOptionsTests
{
    private static IHost Build(Dictionary<string, string?> settings) => ConnectorComposition.BuildVerbHost(settings, null);

    private static async Task<IReadOnlyList<string>> FailuresAsync(Dictionary<string, string?> settings)
    {
        using var host = Build(settings);
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        return [.. error.Failures];
    }

    [Fact]
    public void Routing_is_off_by_default_and_the_capacity_falls_back_to_the_backtest_s_setting()
    {
        using var plain = Build([]);
        using var workbench = Build(new() { ["Workbench:CsmWeeklyCapacity"] = "25" });
        using var own = Build(new() { ["Workbench:CsmWeeklyCapacity"] = "25", ["Routing:WeeklyCapacity"] = "12", ["Routing:Capacities:U0007"] = "3" });

        var defaults = plain.Services.GetRequiredService<IOptions<RoutingOptions>>().Value;
        Assert.Equal(RoutingMode.Off, defaults.Mode);
        Assert.Equal(40, defaults.CapacityOf("U0001"));
        Assert.Equal(25, workbench.Services.GetRequiredService<IOptions<RoutingOptions>>().Value.CapacityOf("U0001"));
        var configured = own.Services.GetRequiredService<IOptions<RoutingOptions>>().Value;
        Assert.Equal(12, configured.CapacityOf("U0001"));
        Assert.Equal(3, configured.CapacityOf("U0007"));
    }

    [Fact]
    public async Task A_negative_csm_capacity_is_refused_naming_the_csm_s_key() =>
        Assert.Contains("Routing:Capacities:U0007 must be 0 or more tasks a week, got -1.",
            await FailuresAsync(new() { ["Routing:Mode"] = "Defer", ["Routing:Capacities:U0007"] = "-1" }));

    [Fact]
    public async Task A_default_capacity_below_one_is_refused_naming_its_key() =>
        Assert.Contains("Routing:WeeklyCapacity must be at least 1 task a week, got 0.", await FailuresAsync(new() { ["Routing:WeeklyCapacity"] = "0" }));

    [Fact]
    public async Task Pool_mode_without_a_pool_is_refused_naming_the_key() =>
        Assert.Contains("Routing:Pool must list at least one CRM user id when Routing:Mode is Pool.", await FailuresAsync(new() { ["Routing:Mode"] = "Pool" }));

    [Fact]
    public async Task An_empty_or_repeated_pool_member_is_refused_naming_its_index()
    {
        var failures = await FailuresAsync(new() { ["Routing:Mode"] = "Pool", ["Routing:Pool:0"] = "U0002", ["Routing:Pool:1"] = " ", ["Routing:Pool:2"] = "U0002" });

        Assert.Contains("Routing:Pool:1 must be a CRM user id, got an empty value.", failures);
        Assert.Contains("Routing:Pool:2 lists 'U0002' twice.", failures);
    }

    [Fact]
    public void An_unknown_mode_is_refused_naming_the_key()
    {
        using var host = Build(new() { ["Routing:Mode"] = "Overflow" });

        var error = Assert.ThrowsAny<InvalidOperationException>(() => host.Services.GetRequiredService<IOptions<RoutingOptions>>().Value);

        Assert.Contains("Routing:Mode", error.Message, StringComparison.Ordinal);
    }
}
