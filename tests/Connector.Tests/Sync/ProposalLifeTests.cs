using Microsoft.Extensions.Time.Testing;
using CrmSuite.Connector.Crm;
using CrmSuite.Connector.Licensing;
using CrmSuite.Connector.Sync;
using CrmSuite.Connector.Tests.Support;
using CrmSuite.Connector.Tests.Web;

namespace CrmSuite.Connector.Tests.Sync;

/// <summary>
/// The upgrade loop on the embedded CRM through the real object graph and engine: a proposal is answered or expires, the
/// answer is applied once, and an acceptance changes the license as proposed.
/// </summary>
public sealed class ProposalLifeTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_proposal_is_issued_with_its_terms_document_and_one_validity_date()
    {
        await using var connector = await OfferedAsync();

        var proposal = (await connector.Crm.ReadProposalAsync(await ProposalKeyAsync(connector), CancellationToken.None))!;

        Assert.Equal(ProposalStatus.Issued, proposal.Status);
        Assert.Equal(new DateOnly(2026, 12, 24), proposal.ExpiresOn);
        Assert.Equal(("professional", "enterprise"), (proposal.Terms!.FromTier, proposal.Terms.ToTier));
        Assert.True(proposal.Terms.ToSeats >= 5);
        Assert.Contains("2026-12-24", await TextAsync(connector, "SELECT document_html FROM proposals"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Accepting_a_proposal_changes_the_license_as_proposed_and_fires_on_proposal_accepted()
    {
        await using var connector = await OfferedAsync();
        var key = await ProposalKeyAsync(connector);
        var terms = (await connector.Crm.ReadProposalAsync(key, CancellationToken.None))!.Terms!;

        var outcome = await connector.Cycle.AnswerProposalAsync(Answer(key, ProposalAnswer.Accepted), CancellationToken.None);

        var applied = Assert.Single(outcome.Processed);
        Assert.Equal(LicenseTransitionOutcome.Changed, applied.License!.Outcome);
        Assert.Equal("Upgraded", applied.Playbook.NewState);
        Assert.Equal($"enterprise|{terms.ToSeats}|{terms.MrrAfter}", await TextAsync(connector, "SELECT tier || '|' || seats || '|' || mrr FROM subscriptions"));
        Assert.Equal("accepted", await TextAsync(connector, "SELECT status FROM proposals"));
        Assert.Equal(1, await CountAsync(connector, "SELECT COUNT(*) FROM license_changes WHERE to_tier = 'enterprise' AND from_tier = 'professional'"));
    }

    [Fact]
    public async Task The_accepted_upgrade_is_one_expansion_in_the_mrr_ledger_naming_its_proposal()
    {
        await using var connector = await OfferedAsync();
        var key = await ProposalKeyAsync(connector);
        var terms = (await connector.Crm.ReadProposalAsync(key, CancellationToken.None))!.Terms!;
        await connector.Cycle.AnswerProposalAsync(Answer(key, ProposalAnswer.Accepted), CancellationToken.None);

        await connector.Cycle.RunAsync(SyncMode.Incremental, CancellationToken.None);

        Assert.Equal($"2026-11-24|290|{terms.MrrAfter}|enterprise|{key}", (await StateTextAsync(connector,
            "SELECT day || '|' || mrr_before || '|' || mrr_after || '|' || tier_after || '|' || proposal_key FROM mrr_ledger WHERE movement = 'expansion'")));
        Assert.Equal(1, await StateCountAsync(connector, "SELECT COUNT(*) FROM mrr_ledger WHERE movement = 'expansion'"));
    }

    [Fact]
    public async Task A_redelivered_acceptance_never_changes_the_license_twice()
    {
        await using var connector = await OfferedAsync();
        var key = await ProposalKeyAsync(connector);
        await connector.Cycle.AnswerProposalAsync(Answer(key, ProposalAnswer.Accepted), CancellationToken.None);
        // The crash: the license and the playbook were updated, the CRM's processed mark was lost.
        await TestCrm.ExecuteAsync(connector.Crm, "UPDATE proposal_events SET processed_at = NULL, result = NULL");
        await TestCrm.ExecuteAsync(connector.Crm, "UPDATE subscriptions SET seats_used = seats_used");

        await connector.Cycle.RunAsync(SyncMode.Incremental, CancellationToken.None);

        Assert.Equal(1, await CountAsync(connector, "SELECT COUNT(*) FROM license_changes"));
        Assert.StartsWith("already_applied", await TextAsync(connector, "SELECT result FROM proposal_events"), StringComparison.Ordinal);
        Assert.Contains("license alreadychanged", await TextAsync(connector, "SELECT result FROM proposal_events"), StringComparison.Ordinal);
        Assert.Equal(1, await StateCountAsync(connector, "SELECT COUNT(*) FROM audit_log WHERE to_state = 'Upgraded'"));
    }

    [Fact]
    public async Task An_acceptance_the_entitlement_check_refuses_changes_nothing_reopens_the_proposal_and_tells_the_csm_why()
    {
        await using var connector = await OfferedAsync();
        var key = await ProposalKeyAsync(connector);
        await TestCrm.ExecuteAsync(connector.Crm, "UPDATE subscriptions SET seats_used = 500");

        var outcome = await connector.Cycle.AnswerProposalAsync(Answer(key, ProposalAnswer.Accepted), CancellationToken.None);

        var applied = Assert.Single(outcome.Processed);
        Assert.Equal((LicenseTransitionOutcome.Refused, EventResultKind.Refused), (applied.License!.Outcome, applied.Playbook.Kind));
        Assert.Equal("professional|10", await TextAsync(connector, "SELECT tier || '|' || seats FROM subscriptions"));
        Assert.Equal(0, await CountAsync(connector, "SELECT COUNT(*) FROM license_changes"));
        Assert.Equal("issued", await TextAsync(connector, "SELECT status FROM proposals"));
        Assert.Equal(1, await StateCountAsync(connector, "SELECT COUNT(*) FROM instances WHERE state = 'Offer'"));
        Assert.Contains("500 are in use", await TextAsync(connector, "SELECT subject FROM tasks WHERE key LIKE '%_entitlement' AND status = 'open'"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Once_the_refusal_is_fixed_the_reopened_proposal_can_be_accepted()
    {
        await using var connector = await OfferedAsync();
        var key = await ProposalKeyAsync(connector);
        await TestCrm.ExecuteAsync(connector.Crm, "UPDATE subscriptions SET seats_used = 500");
        await connector.Cycle.AnswerProposalAsync(Answer(key, ProposalAnswer.Accepted), CancellationToken.None);
        await TestCrm.ExecuteAsync(connector.Crm, "UPDATE subscriptions SET seats_used = 5");

        var again = await connector.Cycle.AnswerProposalAsync(Answer(key, ProposalAnswer.Accepted), CancellationToken.None);

        Assert.Equal(LicenseTransitionOutcome.Changed, Assert.Single(again.Processed).License!.Outcome);
        Assert.Equal("enterprise", await TextAsync(connector, "SELECT tier FROM subscriptions"));
    }

    [Fact]
    public async Task A_proposal_the_offers_engine_could_not_price_is_refused_on_acceptance_with_the_reason()
    {
        await using var connector = await OfferedAsync(currency: "GBP");
        var key = await ProposalKeyAsync(connector);
        Assert.Null((await connector.Crm.ReadProposalAsync(key, CancellationToken.None))!.Terms);

        var outcome = await connector.Cycle.AnswerProposalAsync(Answer(key, ProposalAnswer.Accepted), CancellationToken.None);

        Assert.Equal(LicenseTransitionOutcome.Refused, Assert.Single(outcome.Processed).License!.Outcome);
        Assert.Equal("professional", await TextAsync(connector, "SELECT tier FROM subscriptions"));
        Assert.Contains("could not be priced", await TextAsync(connector, "SELECT subject FROM tasks WHERE key LIKE '%_entitlement'"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Leaving_the_state_withdraws_its_open_proposal_and_a_late_answer_changes_nothing()
    {
        await using var connector = await OfferedAsync();
        var key = await ProposalKeyAsync(connector);
        var walk = await TextAsync(connector, "SELECT key FROM tasks WHERE state = 'Offer'");
        await connector.Cycle.CompleteTaskAsync(walk, "declined", CancellationToken.None);

        var late = await connector.Cycle.AnswerProposalAsync(Answer(key, ProposalAnswer.Accepted), CancellationToken.None);

        Assert.Equal((ProposalAnswerStatus.Closed, ProposalStatus.Withdrawn), (late.Answer.Outcome, late.Answer.Status));
        Assert.Equal("professional", await TextAsync(connector, "SELECT tier FROM subscriptions"));
    }

    [Fact]
    public async Task A_declined_proposal_records_who_and_why_and_fires_on_proposal_declined()
    {
        await using var connector = await OfferedAsync();
        var key = await ProposalKeyAsync(connector);

        var outcome = await connector.Cycle.AnswerProposalAsync(Answer(key, ProposalAnswer.Declined, "budget frozen until Q3"), CancellationToken.None);

        Assert.Equal("Done", Assert.Single(outcome.Processed).Playbook.NewState);
        Assert.Equal("declined|budget frozen until Q3|ana|2026-11-24", await TextAsync(connector,
            "SELECT status || '|' || decline_reason || '|' || answered_by || '|' || answered_on FROM proposals"));
        Assert.Equal("professional", await TextAsync(connector, "SELECT tier FROM subscriptions"));
    }

    [Fact]
    public async Task A_proposal_answered_twice_keeps_the_first_answer()
    {
        await using var connector = await OfferedAsync();
        var key = await ProposalKeyAsync(connector);
        await connector.Cycle.AnswerProposalAsync(Answer(key, ProposalAnswer.Declined), CancellationToken.None);

        var again = await connector.Cycle.AnswerProposalAsync(Answer(key, ProposalAnswer.Accepted), CancellationToken.None);

        Assert.Equal((ProposalAnswerStatus.Closed, ProposalStatus.Declined), (again.Answer.Outcome, again.Answer.Status));
        Assert.Equal("professional", await TextAsync(connector, "SELECT tier FROM subscriptions"));
    }

    [Fact]
    public async Task A_proposal_still_open_after_its_last_valid_day_expires_at_the_next_sync_and_fires_on_proposal_expired()
    {
        await using var connector = await OfferedAsync();
        var key = await ProposalKeyAsync(connector);

        _time.Advance(TimeSpan.FromDays(30));
        await connector.Cycle.RunAsync(SyncMode.Incremental, CancellationToken.None);
        Assert.Equal("issued", await TextAsync(connector, "SELECT status FROM proposals"));

        _time.Advance(TimeSpan.FromDays(1));
        await connector.Cycle.RunAsync(SyncMode.Incremental, CancellationToken.None);

        Assert.Equal("expired", await TextAsync(connector, "SELECT status FROM proposals"));
        Assert.Equal(1, await StateCountAsync(connector, "SELECT COUNT(*) FROM instances WHERE state = 'Done'"));
        var late = await connector.Cycle.AnswerProposalAsync(Answer(key, ProposalAnswer.Accepted), CancellationToken.None);
        Assert.Equal(ProposalStatus.Expired, late.Answer.Status);
    }

    private static ProposalAnswerRequest Answer(string key, ProposalAnswer answer, string? reason = null) =>
        new(key, answer, reason, "ana", new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero));

    // One account, its Call task completed as reached: the playbook is in Offer with a next-tier proposal open.
    private async Task<TestConnector> OfferedAsync(string currency = "USD")
    {
        var connector = new TestConnector(_folder, WorkQueuePlaybooks.Write(_folder), _time);
        await TestCrm.WriteAsync(connector.Crm, AccountBuilder.Many(1));
        await TestCrm.ExecuteAsync(connector.Crm, $"UPDATE subscriptions SET currency = '{currency}'");
        await connector.Cycle.RunAsync(SyncMode.Incremental, CancellationToken.None);
        var call = await TextAsync(connector, "SELECT key FROM tasks WHERE state = 'Call'");
        await connector.Cycle.CompleteTaskAsync(call, "reached", CancellationToken.None);
        return connector;
    }

    private static Task<string> ProposalKeyAsync(TestConnector connector) => TextAsync(connector, "SELECT key FROM proposals");

    private static async Task<string> TextAsync(TestConnector connector, string sql)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={connector.Crm.Location};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture)!;
    }

    private static async Task<long> CountAsync(TestConnector connector, string sql) =>
        long.Parse(await TextAsync(connector, sql), System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<string> StateTextAsync(TestConnector connector, string sql)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={connector.Store.Path};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture)!;
    }

    private static Task<long> StateCountAsync(TestConnector connector, string sql) => TestPipeline.StateScalar(connector.Store.Path, sql);
}
