using System.Net.Http.Json;
using System.Text.Json;

namespace CrmSuite.Connector.Tests.Web;

/// <summary>
/// A new user's first `crmsuite run` on an empty data folder, through the real host over HTTP: the demo business is seeded
/// with its history, so the work queue already holds proposals awaiting an answer and a CSM's day of tasks.
/// </summary>
public sealed class FirstRunTests
{
    [Fact]
    public async Task The_first_run_seeds_a_history_and_the_queue_shows_proposals_awaiting_an_answer()
    {
        var host = new WorkQueueHost { Accounts = 800, HistoryDays = 90, ShippedPlaybooks = true };
        try
        {
            await host.InitializeAsync();
            await ShowsALivingBusiness(host);
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    private static async Task ShowsALivingBusiness(WorkQueueHost host)
    {
        var csms = await host.Client.GetFromJsonAsync<JsonElement>("/api/csms");
        var open = 0;
        var tasks = 0;
        foreach (var csm in csms.EnumerateArray())
        {
            tasks += csm.GetProperty("openTasks").GetInt32();
            var proposals = await host.Client.GetFromJsonAsync<JsonElement>($"/api/csms/{csm.GetProperty("id").GetString()}/proposals");
            open += proposals.GetArrayLength();
        }

        Assert.True(open > 0, "no proposal awaits an answer after the history");
        Assert.True(tasks > 0, "no open task after the history");
        Assert.Contains("days of history", host.Log, StringComparison.Ordinal);
    }
}
