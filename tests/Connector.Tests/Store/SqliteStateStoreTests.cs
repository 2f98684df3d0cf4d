using CrmSuite.Connector.Store;
using CrmSuite.Connector.Store.Sqlite;
using CrmSuite.Connector.Tests.Support;
using CrmSuite.PlaybookEngine.Runtime;
using Microsoft.Extensions.Time.Testing;

namespace CrmSuite.Connector.Tests.Store;

public sealed class SqliteStateStoreTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Opening_applies_each_migration_once_and_records_its_version()
    {
        var path = _folder.File("state.db");
        await SqliteStateStore.Open(path, _time).DisposeAsync();
        await SqliteStateStore.Open(path, _time).DisposeAsync();

        Assert.Equal(10, await TestPipeline.StateScalar(path, "SELECT MAX(version) FROM schema_version"));
        Assert.Equal(10, await TestPipeline.StateScalar(path, "SELECT COUNT(*) FROM schema_version"));
        Assert.Equal(1, await TestPipeline.StateScalar(path, "SELECT COUNT(*) FROM pragma_table_info('instances') WHERE name = 'true_since'"));
    }

    [Fact]
    public async Task The_store_is_in_wal_mode()
    {
        var path = _folder.File("state.db");
        await SqliteStateStore.Open(path, _time).DisposeAsync();

        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_page_s_instances_load_in_one_call_with_every_field_intact()
    {
        await using var store = SqliteStateStore.Open(_folder.File("state.db"), _time);
        var instance = new PlaybookInstance("A1", "p", 3, "proposal", _time.GetUtcNow(), 4, 0x8000_0000_0000_0005UL, [5, -1, 20001]);
        var other = new PlaybookInstance("A1", "q", 1, "watching", _time.GetUtcNow(), 0, 0, []);
        await store.CommitPageAsync(Commit([instance, other, other with { AccountId = "A2" }]), CancellationToken.None);

        var state = new PageState();
        await store.LoadPageStateAsync(["A1", "A9"], [], state, CancellationToken.None);

        var loaded = state.InstancesOf("A1").OrderBy(i => i.PlaybookId, StringComparer.Ordinal).ToList();
        Assert.Equal(2, loaded.Count);
        Assert.Equal(instance.State, loaded[0].State);
        Assert.Equal(instance.ConditionMask, loaded[0].ConditionMask);
        Assert.Equal<int>(instance.TrueSince, loaded[0].TrueSince);
        Assert.Equal(instance.EnteredAt, loaded[0].EnteredAt);
        Assert.Equal((3, 4), (loaded[0].Version, loaded[0].Step));
        Assert.True(loaded[1].TrueSince.IsEmpty);
        Assert.Empty(state.InstancesOf("A9"));
    }

    [Fact]
    public async Task The_watermark_is_stored_with_the_page()
    {
        await using var store = SqliteStateStore.Open(_folder.File("state.db"), _time);

        await store.CommitPageAsync(Commit([]) with { Watermark = "42" }, CancellationToken.None);

        Assert.Equal("42", await store.GetWatermarkAsync("crm.accounts", CancellationToken.None));
    }

    [Fact]
    public async Task A_page_without_a_watermark_leaves_the_stored_one_alone()
    {
        await using var store = SqliteStateStore.Open(_folder.File("state.db"), _time);
        await store.CommitPageAsync(Commit([]) with { Watermark = "42" }, CancellationToken.None);

        await store.CommitPageAsync(Commit([]) with { Watermark = null }, CancellationToken.None);

        Assert.Equal("42", await store.GetWatermarkAsync("crm.accounts", CancellationToken.None));
    }

    private PageCommit Commit(IReadOnlyList<PlaybookInstance> instances) =>
        new(1, _time.GetUtcNow(), "crm.accounts", "1", instances, [], [], [], [], [], [], [], default, []);
}
