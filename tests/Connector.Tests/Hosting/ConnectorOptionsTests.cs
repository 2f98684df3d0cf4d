using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using CrmSuite.Connector.Crm.Embedded;
using CrmSuite.Connector.Hosting;
using CrmSuite.Connector.Playbooks;
using CrmSuite.Connector.Store.Sqlite;
using CrmSuite.Connector.Sync;

namespace CrmSuite.Connector.Tests.Hosting;

/// <summary>The options every entry point binds through the one composition root, validated at start with the key named.</summary>
public sealed class ConnectorOptionsTests
{
    [Fact]
    public void Defaults_are_valid_and_point_at_the_data_folder()
    {
        using var host = Build([]);

        Assert.Equal("data/crm.db", host.Services.GetRequiredService<IOptions<EmbeddedCrmOptions>>().Value.Path);
        Assert.Equal("data/state.db", host.Services.GetRequiredService<IOptions<SqliteStoreOptions>>().Value.Path);
        Assert.Equal(1000, host.Services.GetRequiredService<IOptions<SyncOptions>>().Value.PageSize);
        Assert.Equal("playbooks", host.Services.GetRequiredService<IOptions<PlaybookOptions>>().Value.PlaybooksPath);
    }

    [Fact]
    public async Task An_out_of_range_page_size_is_refused_at_start_with_its_key()
    {
        using var host = Build(new() { ["Sync:PageSize"] = "0" });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Sync:PageSize must be between 1 and 10000, got 0.", error.Failures);
    }

    [Fact]
    public async Task An_unknown_time_zone_is_refused_at_start_with_its_key()
    {
        using var host = Build(new() { ["Sync:TimeZone"] = "Europe/Pariss" });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Sync:TimeZone must be an IANA time zone id such as `UTC` or `Europe/Paris`, got `Europe/Pariss`.", error.Failures);
    }

    [Fact]
    public void Today_is_counted_in_UTC_unless_a_time_zone_is_configured()
    {
        using var utc = Build([]);
        using var paris = Build(new() { ["Sync:TimeZone"] = "Europe/Paris" });

        Assert.Equal("UTC", utc.Services.GetRequiredService<IOptions<SyncOptions>>().Value.ResolveTimeZone().Id);
        Assert.Equal("Europe/Paris", paris.Services.GetRequiredService<IOptions<SyncOptions>>().Value.ResolveTimeZone().Id);
    }

    [Fact]
    public async Task An_empty_store_path_is_refused_at_start_with_its_key()
    {
        using var host = Build(new() { ["Store:Sqlite:Path"] = " " });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.StartsWith("Store:Sqlite:Path must name", Assert.Single(error.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public void The_playbook_folder_a_verb_runs_is_the_configured_one()
    {
        using var host = Build(new() { ["Connector:PlaybooksPath"] = "elsewhere/playbooks" });

        Assert.Equal("elsewhere/playbooks", host.Services.GetRequiredService<IOptions<PlaybookOptions>>().Value.PlaybooksPath);
        var error = Assert.Throws<PlaybookLoadException>(() => host.Services.GetRequiredService<CrmSuite.PlaybookEngine.Runtime.PlaybookRuntime>());
        Assert.Contains("elsewhere/playbooks", error.Message, StringComparison.Ordinal);
    }

    private static IHost Build(Dictionary<string, string?> values) => ConnectorComposition.BuildVerbHost(values, null);
}
