namespace CrmSuite.Connector.Tests.Cli;

public sealed class BadPlaybookFileTests
{
    [Fact]
    public async Task Validate_names_a_dangling_link_and_a_FIFO_as_PB090_without_hanging_reads_the_rest_and_exits_2()
    {
        var folder = Directory.CreateTempSubdirectory("crmsuite-badfiles-").FullName;
        var playbooks = Path.Combine(folder, "playbooks");
        Directory.CreateDirectory(Path.Combine(playbooks, "folder.md"));
        File.Copy(Path.Combine(CliRunner.RepositoryRoot, "playbooks", "churn-rescue.md"), Path.Combine(playbooks, "folder.md", "churn-rescue.md"));
        File.CreateSymbolicLink(Path.Combine(playbooks, "dangling.md"), Path.Combine(folder, "gone.md"));
        File.CreateSymbolicLink(Path.Combine(playbooks, "loop-a.md"), Path.Combine(playbooks, "loop-b.md"));
        File.CreateSymbolicLink(Path.Combine(playbooks, "loop-b.md"), Path.Combine(playbooks, "loop-a.md"));
        MakeFifo(Path.Combine(playbooks, "pipe.md"));

        var result = await CliRunner.RunInAsync(folder, "validate", "playbooks");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"playbooks/dangling.md:1:1: error PB090: cannot read this file: it is a symbolic link to {Path.Combine(folder, "gone.md")}, which does not exist", result.Output, StringComparison.Ordinal);
        Assert.Contains("playbooks/loop-a.md:1:1: error PB090: cannot read this file: Too many levels of symbolic links", result.Output, StringComparison.Ordinal);
        Assert.Contains("playbooks/pipe.md:1:1: error PB090: skipped: it is a FIFO, socket or device, not a regular file", result.Output, StringComparison.Ordinal);
        Assert.Contains("1 file(s), 1 playbook(s): 4 error(s)", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Output + result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_list_3000_levels_deep_is_reported_at_its_line_with_exit_code_2()
    {
        var text = File.ReadAllText(Path.Combine(CliRunner.RepositoryRoot, "playbooks", "churn-rescue.md"));
        var lines = text.Split('\n').Length;
        var list = string.Concat(Enumerable.Range(0, 3000).Select(i => new string(' ', 2 * i) + "- item\n"));
        var path = CliRunner.TempFile("deep.md", text + list);

        var result = await CliRunner.RunAsync("validate", path);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{path}:{lines + 32}:65: error PB008: block quotes and lists nest more than 32 levels deep", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Output + result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_block_quote_200_levels_deep_stops_the_connector_with_its_line_and_no_stack_trace()
    {
        var folder = Directory.CreateTempSubdirectory("crmsuite-deepquote-").FullName;
        Directory.CreateDirectory(Path.Combine(folder, "playbooks"));
        var text = File.ReadAllText(Path.Combine(CliRunner.RepositoryRoot, "playbooks", "churn-rescue.md"));
        File.WriteAllText(Path.Combine(folder, "playbooks", "quote.md"), text + "\n" + new string('>', 200) + " deep\n");

        var result = await CliRunner.RunInAsync(folder, "sync", "--once", "--crm-db", Path.Combine(folder, "crm.db"), "--state-db", Path.Combine(folder, "state.db"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"playbooks/quote.md:{text.Split('\n').Length + 1}:33: error PB008", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(folder, "state.db")));
    }

    [Theory]
    [InlineData("run", "--Connector:WebPort=5293")]
    [InlineData("sync", "--once")]
    public async Task A_missing_playbook_folder_is_the_first_thing_printed_exits_2_and_leaves_the_folder_empty(string verb, string option)
    {
        var folder = Directory.CreateTempSubdirectory("crmsuite-empty-").FullName;

        var result = await CliRunner.RunInAsync(folder, verb, option);

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder));
        Assert.Empty(result.Output);
        Assert.Contains("playbooks:1:1: error PB000: playbook folder not found; set Connector:PlaybooksPath", result.Error, StringComparison.Ordinal);
        Assert.StartsWith("crmsuite", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sync_on_a_folder_with_a_dangling_playbook_link_exits_2_naming_it_and_writes_nothing()
    {
        var folder = Directory.CreateTempSubdirectory("crmsuite-dangling-").FullName;
        var playbooks = Path.Combine(folder, "playbooks");
        Directory.CreateDirectory(playbooks);
        File.Copy(Path.Combine(CliRunner.RepositoryRoot, "playbooks", "churn-rescue.md"), Path.Combine(playbooks, "churn-rescue.md"));
        File.CreateSymbolicLink(Path.Combine(playbooks, "dangling.md"), Path.Combine(folder, "gone.md"));

        var result = await CliRunner.RunInAsync(folder, "sync", "--once");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("playbooks/dangling.md:1:1: error PB090: cannot read this file", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(folder, "data")));
    }

    private static void MakeFifo(string path)
    {
        using var mkfifo = System.Diagnostics.Process.Start("mkfifo", [path]);
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
    }
}
