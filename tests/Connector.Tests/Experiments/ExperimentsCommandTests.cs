using System.Text.Json;
using CrmSuite.Connector.Tests.Cli;
using CrmSuite.Connector.Tests.Support;

namespace CrmSuite.Connector.Tests.Experiments;

/// <summary><c>crmsuite metrics --experiments</c> over the demo, whose shipped usage-upgrade playbook holds out 10%.</summary>
public sealed class ExperimentsCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task The_demo_holds_out_usage_upgrade_accounts_and_the_experiments_report_gives_each_group_and_a_verdict()
    {
        var crm = _folder.File("crm.db");
        var state = _folder.File("state.db");
        var seeded = await CliRunner.RunAsync("demo", "seed", "--accounts", "400", "--seed", "7", "--history-days", "60", "--crm-db", crm, "--state-db", state);
        Assert.True(seeded.ExitCode == 0, seeded.Error);

        var result = await CliRunner.RunAsync("metrics", "--from", "2026-10-01", "--to", "2026-12-01", "--experiments", "--format", "json",
            "--crm-db", crm, "--state-db", state);

        Assert.True(result.ExitCode == 0, result.Error);
        using var json = JsonDocument.Parse(result.Output);
        var experiment = Assert.Single(json.RootElement.GetProperty("experiments").EnumerateArray());
        Assert.Equal("usage-upgrade", experiment.GetProperty("playbook_id").GetString());
        Assert.Equal("usage-upgrade-2026", experiment.GetProperty("experiment").GetString());
        var heldOut = experiment.GetProperty("held_out").GetProperty("accounts").GetInt32();
        var treated = experiment.GetProperty("treated").GetProperty("accounts").GetInt32();
        Assert.True(heldOut > 0 && treated > 5 * heldOut, $"about one eligible account in ten is held out: {heldOut} held out, {treated} treated");
        Assert.False(string.IsNullOrEmpty(experiment.GetProperty("verdict").GetString()));
        Assert.Equal(heldOut, await TestPipeline.StateScalar(state, "SELECT COUNT(*) FROM instances WHERE playbook_id = 'usage-upgrade' AND held_out = 1"));
        Assert.Equal(0, await TestPipeline.StateScalar(state, """
            SELECT COUNT(*) FROM outbox o JOIN instances i ON i.account_id = o.account_id AND i.held_out = 1
            WHERE o.payload LIKE '%"playbook_id":"usage-upgrade"%' OR o.payload LIKE '%"PlaybookId":"usage-upgrade"%'
            """));
    }

    [Fact]
    public async Task Experiments_with_a_grouping_is_a_usage_error_naming_the_options()
    {
        var result = await CliRunner.RunAsync("metrics", "--from", "2026-01-01", "--to", "2026-02-01", "--experiments", "--by", "month",
            "--crm-db", _folder.File("crm.db"), "--state-db", _folder.File("state.db"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--experiments compares every experiment's own groups; leave out --by", result.Error, StringComparison.Ordinal);
    }
}
