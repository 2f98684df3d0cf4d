namespace CrmSuite.Connector.Tests.Cli;

public sealed class HostOptionsTests
{
    [Fact]
    public async Task A_bad_web_port_stops_the_connector_with_the_key_named_and_exit_code_2()
    {
        var result = await CliRunner.RunAsync("--Connector:WebPort=70000");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Connector:WebPort must be a TCP port between 1 and 65535, got 70000", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_schedule_names_the_cron_key_and_what_is_expected()
    {
        var result = await CliRunner.RunAsync("--Connector:SyncCron=every five minutes");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Connector:SyncCron must be a Quartz cron expression", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_playbook_folder_stops_the_connector_with_exit_code_1_and_no_stack_trace()
    {
        var result = await CliRunner.RunAsync("--Connector:PlaybooksPath=no/such/folder", "--Connector:WebPort=5291");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("no/such/folder:1:1: error PB000: playbook folder not found", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }
}
