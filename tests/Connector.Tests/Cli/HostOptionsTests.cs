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
    public async Task A_missing_playbook_folder_stops_the_connector_with_exit_code_2_and_no_stack_trace()
    {
        var result = await CliRunner.RunAsync("--Connector:PlaybooksPath=no/such/folder", "--Connector:WebPort=5291");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no/such/folder:1:1: error PB000: playbook folder not found", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sync_once_on_broken_playbooks_exits_1_with_the_diagnostics_and_writes_no_state()
    {
        var folder = Directory.CreateTempSubdirectory("crmsuite-broken-").FullName;
        Directory.CreateDirectory(Path.Combine(folder, "playbooks"));
        File.WriteAllText(Path.Combine(folder, "playbooks", "x.md"), "---\nid: x\n---\n");
        var state = Path.Combine(folder, "state.db");

        var result = await CliRunner.RunInAsync(folder, "sync", "--once", "--crm-db", Path.Combine(folder, "crm.db"), "--state-db", state);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("playbooks/x.md:2:1: error PB003: missing required field `title`", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(state));
    }

    [Fact]
    public async Task A_bind_beyond_loopback_without_an_api_key_refuses_to_start_naming_the_key_with_exit_code_2()
    {
        var result = await CliRunner.RunAsync("--Connector:WebBind=0.0.0.0");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Connector:ApiKey is required when Connector:WebBind is 0.0.0.0, which is not a loopback address", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Web_settings_are_checked_together_and_a_short_api_key_is_never_repeated()
    {
        var result = await CliRunner.RunAsync("--Connector:WebBind=every-address", "--Connector:AllowedHosts=*", "--Connector:ApiKey=hunter2");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Connector:WebBind must be an IP address such as 127.0.0.1", result.Error, StringComparison.Ordinal);
        Assert.Contains("Connector:AllowedHosts must list the host names", result.Error, StringComparison.Ordinal);
        Assert.Contains("Connector:ApiKey must be at least 16 characters", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", result.Error + result.Output, StringComparison.Ordinal);
    }
}
