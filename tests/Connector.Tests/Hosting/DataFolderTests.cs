using CrmSuite.Connector.Tests.Cli;
using CrmSuite.Connector.Tests.Support;
using CrmSuite.Connector.Tests.Web;
using Microsoft.Data.Sqlite;

namespace CrmSuite.Connector.Tests.Hosting;

/// <summary>Demo data goes only into an empty data folder (docs/data.md, "Demo data"), through the real host process.</summary>
public sealed class DataFolderTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_missing_crm_beside_a_state_store_with_instances_is_refused_naming_both_files_and_not_reseeded()
    {
        var crm = _folder.File("crm.db");
        var state = _folder.File("state.db");
        Assert.Equal(0, (await CliRunner.RunAsync("demo", "seed", "--accounts", "60", "--history-days", "30", "--crm-db", crm, "--state-db", state)).ExitCode);
        var instances = await CountAsync(state, "SELECT COUNT(*) FROM instances");
        Assert.True(instances > 0);
        File.Delete(crm);

        var run = await CliRunner.RunInAsync(_folder.Path, "run", $"--Connector:WebPort={WorkQueueHost.FreePort()}", "--Connector:DemoAccounts=60",
            $"--Crm:Embedded:Path={crm}", $"--Store:Sqlite:Path={state}", $"--Connector:PlaybooksPath={Path.Combine(CliRunner.RepositoryRoot, "playbooks")}");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"The CRM {crm} is empty but the state store {state} holds {instances} playbook instance(s)", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error + run.Output, StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync(crm, "SELECT COUNT(*) FROM accounts"));
        Assert.Equal(instances, await CountAsync(state, "SELECT COUNT(*) FROM instances"));
    }

    private static async Task<long> CountAsync(string path, string sql)
    {
        if (!File.Exists(path))
        {
            return 0;
        }

        await using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
