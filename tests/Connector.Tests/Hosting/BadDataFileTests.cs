using CrmSuite.Connector.Tests.Cli;
using CrmSuite.Connector.Tests.Support;
using CrmSuite.Connector.Tests.Web;

namespace CrmSuite.Connector.Tests.Hosting;

/// <summary>
/// Bad files and settings give one sentence naming the file and exit 2, never a stack trace, and change nothing
/// (docs/operations.md, "Failure modes"), through the real process.
/// </summary>
public sealed class BadDataFileTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("state.db", "status")]
    [InlineData("state.db", "sync")]
    [InlineData("crm.db", "sync")]
    public async Task A_data_file_that_is_not_a_database_is_named_and_left_as_it_was(string damaged, string verb)
    {
        var crm = _folder.File("crm.db");
        var state = _folder.File("state.db");
        var garbage = "this is not a SQLite database, it was half-written by something else"u8.ToArray();
        await File.WriteAllBytesAsync(_folder.File(damaged), garbage);
        string[] args = verb == "status" ? ["status", "--state-db", state] : ["sync", "--once", "--crm-db", crm, "--state-db", state];

        var result = await CliRunner.RunAsync(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{_folder.File(damaged)} is not a usable SQLite database", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        Assert.Equal(garbage, await File.ReadAllBytesAsync(_folder.File(damaged)));
    }

    [Fact]
    public async Task A_malformed_settings_file_is_named_for_a_verb_and_for_the_host()
    {
        await File.WriteAllTextAsync(_folder.File("appsettings.json"), "{ \"Connector\": { \"WebPort\": 5081, }");

        var verb = await CliRunner.RunInAsync(_folder.Path, "status", "--state-db", _folder.File("state.db"));
        var host = await CliRunner.RunInAsync(_folder.Path, "run", $"--Connector:WebPort={WorkQueueHost.FreePort()}");

        foreach (var result in new[] { verb, host })
        {
            Assert.Equal(2, result.ExitCode);
            Assert.Contains("configuration: Failed to load configuration from file", result.Error, StringComparison.Ordinal);
            Assert.Contains("appsettings.json", result.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        }

        Assert.False(File.Exists(_folder.File("state.db")));
    }
}
