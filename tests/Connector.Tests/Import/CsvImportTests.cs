using CrmSuite.Connector.Import;
using CrmSuite.Connector.Tests.Support;

namespace CrmSuite.Connector.Tests.Import;

public sealed class CsvImportTests : IDisposable
{
    private const string AccountsHeader = "id,name,segment,industry,lifecycle_stage,csm_id,hourly_cost\n";
    private const string SubscriptionsHeader =
        "id,account_id,product,tier,seats,seats_used,billing_period,term_months,start_date,renewal_date,mrr,currency,status,trial_tier,trial_end\n";

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Good_rows_are_read_with_their_types()
    {
        var batch = Read(
            AccountsHeader + "A1,Acme,smb,retail,adoption,U1,55.5\n",
            SubscriptionsHeader + "S1,A1,crmsuite,starter,10,8,annual,12,2026-01-01,2027-01-01,99.60,USD,active,,\n",
            "account_id,as_of,active_users_30d,feature_adoption,health\nA1,2026-11-20,7,0.4,66\n");

        Assert.Empty(batch.Errors);
        Assert.Equal(55.5m, Assert.Single(batch.Accounts).HourlyCost);
        var subscription = Assert.Single(batch.Subscriptions);
        Assert.Equal((10, 8, 99.60m), (subscription.Seats, subscription.SeatsUsed, subscription.Mrr));
        Assert.Equal(66, Assert.Single(batch.Usage).Health);
    }

    [Fact]
    public void A_bad_row_is_reported_as_file_line_field_and_reason_and_the_others_are_kept()
    {
        var batch = Read(
            AccountsHeader + "A1,Acme,smb,retail,adoption,,\nA2,Beta,huge,retail,adoption,,\nA3,Gamma,smb,retail,adoption,,\n",
            SubscriptionsHeader + "S1,A1,,starter,ten,8,annual,12,2026-01-01,2027-01-01,99.60,USD,,,\nS3,A3,,starter,10,8,annual,12,2026-01-01,2027-01-01,99.60,USD,,,\n");

        Assert.Equal(["A1", "A3"], batch.Accounts.Select(a => a.Id));
        Assert.Equal(["S3"], batch.Subscriptions.Select(s => s.Id));
        Assert.Equal(
            [$"{_folder.File("accounts.csv")}:3: segment: 'huge' is not one of smb, mid_market, enterprise",
             $"{_folder.File("subscriptions.csv")}:2: seats: 'ten' is not a whole number"],
            batch.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void An_impossible_license_is_rejected_with_the_quarantine_rule_it_breaks()
    {
        var batch = Read(
            AccountsHeader + "A1,Acme,smb,retail,adoption,,\n",
            SubscriptionsHeader + "S1,A1,,starter,5,9,monthly,,2026-01-01,2026-12-01,60,USD,,,\nS2,A1,,gold,5,1,monthly,,2026-01-01,,60,USD,,,\n");

        Assert.Empty(batch.Subscriptions);
        Assert.Equal(
            ["2: seats_used: 9 seats used above the 5 licensed; tier 'starter' allows no overage",
             "3: tier: unknown tier 'gold'; expected one of free, starter, professional, enterprise",
             "3: renewal_date: missing on an active subscription"],
            batch.Errors.Select(e => $"{e.Line}: {e.Field}: {e.Reason}"));
    }

    [Fact]
    public void A_license_of_a_rejected_account_names_the_line_that_rejected_it()
    {
        var batch = Read(
            AccountsHeader + "A1,,smb,retail,adoption,,\n",
            SubscriptionsHeader + "S1,A1,,starter,5,5,monthly,,2026-01-01,2026-12-01,60,USD,,,\nS2,A7,,starter,5,5,monthly,,2026-01-01,2026-12-01,60,USD,,,\n");

        Assert.Equal(
            ["2: name: missing",
             $"2: account_id: account 'A1' was rejected at {_folder.File("accounts.csv")}:2",
             $"3: account_id: account 'A7' is neither in {_folder.File("accounts.csv")} nor in the CRM"],
            batch.Errors.Select(e => $"{e.Line}: {e.Field}: {e.Reason}"));
    }

    [Fact]
    public void A_file_missing_a_required_column_is_rejected_whole()
    {
        var batch = Read("id,name\nA1,Acme\n", SubscriptionsHeader);

        var error = Assert.Single(batch.Errors);
        Assert.Equal((1, "header"), (error.Line, error.Field));
        Assert.Contains("segment, industry, lifecycle_stage", error.Reason, StringComparison.Ordinal);
        Assert.Empty(batch.Accounts);
    }

    [Fact]
    public void Every_bad_field_of_a_row_is_reported_the_licence_rules_too()
    {
        var batch = Read(
            AccountsHeader + "A1,Acme,smb,retail,adoption,,\n",
            SubscriptionsHeader + "S1,A1,,starter,-5,8,yearly,12,2026-01-01,2027-01-01,99.60,usd,,,\n");

        Assert.Empty(batch.Subscriptions);
        Assert.Equal(["billing_period", "currency", "seats"], batch.Errors.Select(e => e.Field).Order(StringComparer.Ordinal));
        Assert.All(batch.Errors, e => Assert.Equal(2, e.Line));
    }

    [Fact]
    public void A_licence_rule_is_not_reported_on_a_value_that_did_not_parse()
    {
        var batch = Read(AccountsHeader + "A1,Acme,smb,retail,adoption,,\n",
            SubscriptionsHeader + "S1,A1,,starter,ten,8,annual,12,2026-01-01,2027-01-01,99.60,USD,,,\n");

        Assert.Equal("seats", Assert.Single(batch.Errors).Field);
    }

    [Fact]
    public void A_quoted_field_spanning_lines_keeps_the_line_numbers_of_later_rows_right()
    {
        var batch = Read(AccountsHeader + "A1,\"Acme\nWest\",smb,retail,adoption,,\nA2,Beta,smb,retail,nowhere,,\n", SubscriptionsHeader);

        Assert.Equal("Acme\nWest", batch.Accounts[0].Name);
        Assert.Equal(4, Assert.Single(batch.Errors).Line);
    }

    private CrmSuite.Connector.Import.ImportBatch Read(string accounts, string subscriptions, string? usage = null) =>
        CsvImport.Read(
            _folder.Write("accounts.csv", accounts),
            _folder.Write("subscriptions.csv", subscriptions),
            usage is null ? null : _folder.Write("usage.csv", usage),
            _ => false);
}
