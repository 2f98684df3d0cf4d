using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using CrmSuite.Connector.Hosting;

namespace CrmSuite.Connector.Tests.Hosting;

public sealed class ConnectorOptionsTests
{
    [Fact]
    public void Defaults_are_valid_and_point_at_the_data_folder()
    {
        var (crm, store, sync) = ConnectorServices.ReadOptions(Configuration([]));

        Assert.Equal("data/crm.db", crm.Path);
        Assert.Equal("data/state.db", store.Path);
        Assert.Equal(1000, sync.PageSize);
    }

    [Fact]
    public void An_out_of_range_page_size_is_refused_with_its_key()
    {
        var error = Assert.Throws<OptionsValidationException>(() => ConnectorServices.ReadOptions(Configuration(new() { ["Sync:PageSize"] = "0" })));

        Assert.Contains("Sync:PageSize must be between 1 and 10000, got 0.", error.Failures);
    }

    [Fact]
    public void An_empty_store_path_is_refused_with_its_key()
    {
        var error = Assert.Throws<OptionsValidationException>(() => ConnectorServices.ReadOptions(Configuration(new() { ["Store:Sqlite:Path"] = " " })));

        Assert.StartsWith("Store:Sqlite:Path must name", Assert.Single(error.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public void The_host_wiring_validates_the_same_options()
    {
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
        services.AddConnectorData(Configuration(new() { ["Sync:OutboxBatchSize"] = "-1" }));
        using var provider = Microsoft.Extensions.DependencyInjection.ServiceCollectionContainerBuilderExtensions.BuildServiceProvider(services);

        var options = (IOptions<CrmSuite.Connector.Sync.SyncOptions>)provider.GetService(typeof(IOptions<CrmSuite.Connector.Sync.SyncOptions>))!;
        var error = Assert.Throws<OptionsValidationException>(() => options.Value);

        Assert.Contains("Sync:OutboxBatchSize must be between 1 and 10000, got -1.", error.Failures);
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
