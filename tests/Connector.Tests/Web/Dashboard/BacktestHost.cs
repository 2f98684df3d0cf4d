using CrmSuite.Connector.Tests.Cli;
using CrmSuite.Connector.Tests.Support;

namespace CrmSuite.Connector.Tests.Web.Dashboard;

/// <summary>
/// The real host (`crmsuite run`) on the shipped playbooks and a demo book that has lived 150 days, with one folder to
/// compare with in <c>Workbench:BacktestFolders</c>: the shipped playbooks with usage-upgrade's seat threshold lowered from
/// 90% to 80%, as a branch under review might. Scheduled syncs and sweeps are set to 2099, so the history stays still.
/// </summary>
public sealed class BacktestHost : IAsyncLifetime
{
    private readonly TempFolder _folder = new();

    public BacktestHost()
    {
        CompareFolder = _folder.File("review-playbooks");
        Host = new WorkQueueHost
        {
            Accounts = 120,
            HistoryDays = 150,
            ShippedPlaybooks = true,
            Settings = new Dictionary<string, string>
            {
                ["Connector:SyncCron"] = Never,
                ["Connector:SweepCron"] = Never,
                ["Workbench:BacktestFolders:0"] = CompareFolder,
            },
        };
    }

    public WorkQueueHost Host { get; }

    /// <summary>The host's published playbooks folder, as the host and the CLI are both given it.</summary>
    public static string PublishedFolder => Path.Combine(CliRunner.RepositoryRoot, "playbooks");

    public string CompareFolder { get; }

    private const string Never = "0 0 0 1 1 ? 2099";

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(CompareFolder);
        foreach (var file in Directory.GetFiles(PublishedFolder, "*.md"))
        {
            var text = File.ReadAllText(file);
            if (Path.GetFileName(file) == "usage-upgrade.md")
            {
                text = text.Replace("`seat_utilization_min_28d >= 90%", "`seat_utilization_min_28d >= 80%", StringComparison.Ordinal);
            }

            File.WriteAllText(Path.Combine(CompareFolder, Path.GetFileName(file)), text);
        }

        return Host.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        _folder.Dispose();
    }
}
