using Microsoft.Extensions.Time.Testing;
using CrmSuite.Connector.Sync;
using CrmSuite.Connector.Tests.Support;

namespace CrmSuite.Connector.Tests.Sync;

/// <summary>
/// A template that exceeds its limits for one account's values fails that account's evaluation alone: it is quarantined
/// with the reason, its state is left as it was, and the other accounts of the page proceed.
/// </summary>
public sealed class TemplateLimitSyncTests : IDisposable
{
    // One dot per seat: fine for 5 seats, beyond the loop limit for 5000. Validate cannot see this one coming.
    private const string Playbook = """
        ---
        id: seat-dots
        title: Seat dots
        version: 1
        status: approved
        owner: tests@crmsuite.example
        category: adoption
        start: Watching
        ---

        # Seat dots

        ## Watching

        ### Transitions

        - when `health >= 0` -> Call

        ## Call

        ### Tasks

        - Call {{ account.name }} {% for i in (1..signals.seats) %}.{% endfor %}
          - due: 2 days
          - outcomes: reached

        ### Transitions

        - on outcome reached -> Done

        ## Done (final)
        """;

    private readonly TempFolder _folder = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task An_account_whose_render_exceeds_the_limits_is_quarantined_and_the_others_get_their_task()
    {
        var playbooks = Path.Combine(_folder.Path, "playbooks");
        Directory.CreateDirectory(playbooks);
        await File.WriteAllTextAsync(Path.Combine(playbooks, "seat-dots.md"), Playbook.Replace("\r\n", "\n", StringComparison.Ordinal));
        await using var connector = new TestConnector(_folder, playbooks, _time);
        await TestCrm.WriteAsync(connector.Crm, [new AccountBuilder("A0001", Seats: 5, SeatsUsed: 3), new AccountBuilder("A0002", Tier: "enterprise", Seats: 5000, SeatsUsed: 3)]);

        var summary = await connector.Cycle.RunAsync(SyncMode.Full, CancellationToken.None);

        Assert.Equal(1, summary.Quarantined);
        Assert.Equal(1, summary.Tasks);
        Assert.Equal(1L, await ScalarAsync(connector.Store.Location,
            "SELECT COUNT(*) FROM quarantine WHERE account_id = 'A0002' AND field = 'playbook template' AND reason LIKE 'template limit exceeded:%'"));
        Assert.Equal(0L, await ScalarAsync(connector.Store.Location, "SELECT COUNT(*) FROM instances WHERE account_id = 'A0002'"));
        Assert.Equal(1L, await ScalarAsync(connector.Crm.Location, "SELECT COUNT(*) FROM tasks WHERE account_id = 'A0001' AND subject LIKE 'Call % .....'"));
    }

    private static async Task<long> ScalarAsync(string database, string sql)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
