namespace CrmSuite.Connector.Tests.Cli;

public sealed class ValidateCommandTests
{
    [Fact]
    public async Task The_shipped_playbooks_validate_clean_with_exit_code_0()
    {
        var result = await CliRunner.RunAsync("validate");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("0 error(s)", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_playbook_with_errors_prints_each_at_path_line_col_and_exits_1()
    {
        var path = CliRunner.TempFile("broken.md", """
            ---
            id: broken
            title: Broken
            version: 1
            status: approved
            owner: tests
            category: upgrade
            start: Watching
            ---

            ## Watching

            ### Transitions

            - when `days_to_renewal >= "soon"` -> Proposl
            """);

        var result = await CliRunner.RunAsync("validate", path);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"{path}:15:28: error PB021:", result.Output, StringComparison.Ordinal);
        Assert.Contains($"{path}:15:39: error PB011: unknown state `Proposl`", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_kind_typo_in_a_playbooks_folder_is_an_error_naming_the_file_and_exits_1()
    {
        var path = CliRunner.TempFile("typo.md", """
            ---
            kind: playbok
            id: typo
            ---

            ## Watching
            """);

        var result = await CliRunner.RunAsync("validate", Path.GetDirectoryName(path)!);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"{path}:2:7: error PB006: unknown kind `playbok`", result.Output, StringComparison.Ordinal);
        Assert.Contains("(did you mean `playbook`?)", result.Output, StringComparison.Ordinal);
        Assert.Contains("1 file(s), 0 playbook(s): 1 error(s)", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_path_is_a_usage_error_with_exit_code_2()
    {
        var result = await CliRunner.RunAsync("validate", "no/such/folder");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no such file or folder: no/such/folder", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_option_is_a_usage_error_with_exit_code_2()
    {
        var result = await CliRunner.RunAsync("validate", "--frobnicate");

        Assert.Equal(2, result.ExitCode);
    }

    [Fact]
    public async Task Every_verb_answers_help()
    {
        foreach (var verb in new[] { "validate", "simulate", "graph" })
        {
            var result = await CliRunner.RunAsync(verb, "--help");

            Assert.Equal(0, result.ExitCode);
            Assert.Contains("Usage:", result.Output, StringComparison.Ordinal);
        }
    }
}
