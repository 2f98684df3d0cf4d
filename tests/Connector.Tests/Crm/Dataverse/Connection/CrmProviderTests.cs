using CrmSuite.Connector.Tests.Cli;

namespace CrmSuite.Connector.Tests.Crm.Dataverse.Connection;

/// <summary>Crm:Provider and the Dataverse settings as an operator meets them: through the real executable's verbs.</summary>
public sealed class CrmProviderTests
{
    private const string Secret = "Zq9~unguessable.secret_value";

    private static readonly string ConnectionString =
        $"AuthType=ClientSecret;Url=https://contoso.crm.dynamics.com;ClientId=51f81489-12ee-4a9e-aaae-a2591f45987d;ClientSecret={Secret};TenantId=t";

    private static Task<CliRunner.Result> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var folder = Directory.CreateTempSubdirectory("crmsuite-provider-").FullName;
        // import and the dataverse verbs have no --state-db; every other verb here keeps its state store in the temp folder.
        return CliRunner.RunInAsync(folder, environment, args[0] is "import" or "dataverse" ? args : [.. args, "--state-db", Path.Combine(folder, "state.db")]);
    }

    private static Dictionary<string, string> Dataverse(string connectionString) => new()
    {
        ["CRMSUITE_Crm__Provider"] = "Dataverse",
        ["CRMSUITE_Crm__Dataverse__ConnectionString"] = connectionString,
    };

    [Fact]
    public async Task An_unknown_provider_stops_a_verb_naming_the_key_and_the_allowed_values()
    {
        var result = await RunAsync(new Dictionary<string, string> { ["CRMSUITE_Crm__Provider"] = "Salesforce" }, "status");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("configuration: Crm:Provider must be Embedded or Dataverse, got `Salesforce`.", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_dataverse_provider_without_a_connection_string_names_the_key()
    {
        var result = await RunAsync(new Dictionary<string, string> { ["CRMSUITE_Crm__Provider"] = "dataverse" }, "status");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("configuration: Crm:Dataverse:ConnectionString is empty: expected AuthType=ClientSecret;Url=", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_connection_string_is_refused_at_start_naming_the_key_at_fault_and_never_the_secret()
    {
        var result = await RunAsync(Dataverse($"AuthType=ClientSecret;Url=https://contoso.crm.dynamics.com;ClientSecret={Secret};Tennant=x"), "status");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Crm:Dataverse:ConnectionString has the unknown key `Tennant`", result.Error, StringComparison.Ordinal);
        Assert.Contains("Crm:Dataverse:ConnectionString lacks ClientId", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, result.Output + result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_on_the_dataverse_provider_never_shows_the_secret()
    {
        var result = await RunAsync(Dataverse(ConnectionString), "status");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("State store:", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, result.Output + result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_seed_on_the_dataverse_provider_says_it_loads_only_the_embedded_crm()
    {
        var result = await RunAsync(Dataverse(ConnectionString), "demo", "seed", "--accounts", "5", "--history-days", "0");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Crm:Provider is Dataverse (https://contoso.crm.dynamics.com/): demo data and CSV imports load only the embedded CRM (Crm:Provider=Embedded)", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, result.Output + result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_on_the_dataverse_provider_says_it_loads_only_the_embedded_crm()
    {
        var accounts = CliRunner.TempFile("accounts.csv", "id,name\n");
        var subscriptions = CliRunner.TempFile("subscriptions.csv", "id,account_id\n");

        var result = await RunAsync(Dataverse(ConnectionString), "import", "--accounts", accounts, "--subscriptions", subscriptions);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("demo data and CSV imports load only the embedded CRM", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, result.Output + result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_dataverse_verbs_on_the_embedded_provider_say_what_to_set()
    {
        var result = await RunAsync(new Dictionary<string, string>(), "dataverse", "check");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("crmsuite dataverse check: Crm:Provider is not Dataverse: set Crm:Provider=Dataverse and Crm:Dataverse:ConnectionString", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_against_an_environment_that_does_not_answer_says_it_cannot_reach_it_and_exits_1()
    {
        // Port 9 (discard) on loopback: nothing listens, the connection is refused at once.
        var environment = Dataverse($"AuthType=ClientSecret;Url=http://127.0.0.1:9;ClientId=abc;ClientSecret={Secret}");
        environment["CRMSUITE_Crm__Dataverse__MaxRetries"] = "0";

        var result = await RunAsync(environment, "dataverse", "check");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("MISSING  connection to http://127.0.0.1:9/: cannot reach it", result.Output, StringComparison.Ordinal);
        Assert.Contains("1 problem(s): CrmSuite cannot sync with this environment yet.", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, result.Output + result.Error, StringComparison.Ordinal);
    }
}
