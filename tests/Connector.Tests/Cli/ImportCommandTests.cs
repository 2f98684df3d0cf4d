using CrmSuite.Connector.Cli;
using CrmSuite.Connector.Tests.Support;

namespace CrmSuite.Connector.Tests.Cli;

public sealed class ImportCommandTests : IDisposable
{
    private const string Accounts = "id,name,segment,industry,lifecycle_stage\nA1,Acme,smb,retail,adoption\nA2,Beta,smb,retail,adoption\n";
    private const string Subscriptions =
        "id,account_id,tier,seats,seats_used,billing_period,start_date,renewal_date,mrr,currency\n"
        + "S1,A1,starter,10,8,annual,2026-01-01,2027-01-01,99.60,USD\n"
        + "S2,A2,starter,-10,8,annual,2026-01-01,2027-01-01,99.60,USD\n";

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Strict_import_with_a_bad_row_changes_nothing_and_fails()
    {
        var crm = _folder.File("crm.db");
        await Run("demo", "seed", "--accounts", "5", "--history-days", "0", "--crm-db", crm, "--state-db", _folder.File("state.db"));
        var before = await TestCrm.DumpAsync(crm);

        var exit = await Run("import", "--accounts", _folder.Write("a.csv", Accounts), "--subscriptions", _folder.Write("s.csv", Subscriptions),
            "--strict", "--crm-db", crm);

        Assert.Equal(ExitCodes.InputErrors, exit);
        Assert.Equal(before, await TestCrm.DumpAsync(crm));
    }

    [Fact]
    public async Task Lenient_import_loads_the_good_rows_and_fails_for_the_bad_ones()
    {
        var crm = _folder.File("crm.db");

        var exit = await Run("import", "--accounts", _folder.Write("a.csv", Accounts), "--subscriptions", _folder.Write("s.csv", Subscriptions),
            "--crm-db", crm);

        Assert.Equal(ExitCodes.InputErrors, exit);
        await using var gateway = TestCrm.Open(crm);
        Assert.Equal(2, await TestCrm.ScalarAsync(gateway, "SELECT COUNT(*) FROM accounts"));
        Assert.Equal(1, await TestCrm.ScalarAsync(gateway, "SELECT COUNT(*) FROM subscriptions WHERE id = 'S1'"));
        Assert.Equal(0, await TestCrm.ScalarAsync(gateway, "SELECT COUNT(*) FROM subscriptions WHERE id = 'S2'"));
    }

    [Fact]
    public async Task Importing_licenses_of_an_existing_account_gives_it_a_new_row_version()
    {
        var crm = _folder.File("crm.db");
        await Run("import", "--accounts", _folder.Write("a.csv", Accounts), "--subscriptions", _folder.Write("s.csv", Subscriptions), "--crm-db", crm);
        long before;
        await using (var first = TestCrm.Open(crm))
        {
            before = await TestCrm.ScalarAsync(first, "SELECT modified_seq FROM accounts WHERE id = 'A1'");
        }

        var exit = await Run("import", "--accounts", _folder.Write("a2.csv", "id,name,segment,industry,lifecycle_stage\n"),
            "--subscriptions", _folder.Write("s2.csv", "id,account_id,tier,seats,seats_used,billing_period,start_date,renewal_date,mrr,currency\nS9,A1,professional,20,8,annual,2026-01-01,2027-01-01,500,USD\n"),
            "--crm-db", crm);

        Assert.Equal(ExitCodes.Ok, exit);
        await using var gateway = TestCrm.Open(crm);
        Assert.True(await TestCrm.ScalarAsync(gateway, "SELECT modified_seq FROM accounts WHERE id = 'A1'") > before);
        Assert.Equal(await TestCrm.ScalarAsync(gateway, "SELECT MAX(modified_seq) FROM accounts"),
            await TestCrm.ScalarAsync(gateway, "SELECT modified_seq FROM accounts WHERE id = 'A1'"));
    }

    private static Task<int> Run(params string[] args) => CliApp.BuildRoot().Parse(args).InvokeAsync();
}
