using System.Collections.Immutable;
using CrmSuite.Connector.Crm;
using CrmSuite.PlaybookEngine.Accounts;
using CrmSuite.PlaybookEngine.Runtime;

namespace CrmSuite.Connector.Tests.Crm.Contract;

/// <summary>
/// What every CRM adapter must do, stated against the CRM port only (ICrmAccounts, ICrmWriter, ICrmTaskEvents,
/// ICrmWorkQueue). An adapter passes it by deriving a test class that says how to make its <typeparamref name="TFixture"/>.
/// xUnit makes a new instance per test, so each test gets a fixture (and storage) of its own.
/// </summary>
public abstract partial class CrmPortContract<TFixture> : IAsyncLifetime
    where TFixture : CrmContractFixture
{
    private TFixture? _fixture;

    protected TFixture Fixture => _fixture ?? throw new InvalidOperationException("The fixture is made in InitializeAsync.");

    private static CancellationToken Ct => CancellationToken.None;

    /// <summary>A fresh fixture on storage of its own.</summary>
    protected abstract TFixture CreateFixture();

    public async Task InitializeAsync()
    {
        _fixture = CreateFixture();
        await _fixture.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        if (_fixture is not null)
        {
            await _fixture.DisposeAsync();
        }
    }

    private async Task<IReadOnlyList<string>> SeedAsync(IEnumerable<ContractAccount> accounts)
    {
        var seeds = accounts.Select(a => a.Build()).ToList();
        await Fixture.SeedAsync(seeds, ContractData.Users);
        return [.. seeds.Select(s => s.Account.Id)];
    }

    private Task<IReadOnlyList<string>> SeedAsync(params ContractAccount[] accounts) => SeedAsync(accounts.AsEnumerable());

    private Task<List<CrmPage>> ReadAllAsync(string? watermark, int pageSize = 100) => ReadAllAsync(Fixture.Accounts, watermark, pageSize);

    private static async Task<List<CrmPage>> ReadAllAsync(ICrmAccounts accounts, string? watermark, int pageSize)
    {
        var pages = new List<CrmPage>();
        await foreach (var page in accounts.ReadChangedAccountsAsync(watermark, pageSize, Ct))
        {
            pages.Add(page);
        }

        return pages;
    }

    /// <summary>Reads everything there is to read and returns where the next incremental read starts.</summary>
    private async Task<string?> CatchUpAsync(string? watermark = null) => LastWatermark(await ReadAllAsync(watermark), watermark);

    private static string? LastWatermark(IReadOnlyList<CrmPage> pages, string? from) => pages.Count == 0 ? from : pages[^1].Watermark;

    private static List<string> AccountIds(IEnumerable<CrmPage> pages) => [.. pages.SelectMany(p => p.Accounts).Select(a => a.Account.Id)];

    private static List<string> DeletedIds(IEnumerable<CrmPage> pages) => [.. pages.SelectMany(p => p.DeletedAccountIds)];

    private static CrmAccountRecord Only(IEnumerable<CrmPage> pages, string accountId) =>
        Assert.Single(pages.SelectMany(p => p.Accounts), a => a.Account.Id == accountId);

    private async Task<CrmTaskQueue> QueueAsync(string csmId = ContractData.CsmAna, int max = 100) =>
        await Fixture.WorkQueue.ReadOpenTasksAsync(csmId, max, Ct) ?? throw new InvalidOperationException($"No queue for {csmId}.");

    private async Task<List<string>> QueueKeysAsync(string csmId = ContractData.CsmAna) =>
        [.. (await QueueAsync(csmId)).Tasks.Select(t => t.Task.Key)];

    private static IEnumerable<Subscription> ById(IEnumerable<Subscription> subscriptions) => subscriptions.OrderBy(s => s.Id, StringComparer.Ordinal);

    /// <summary>Every field of an open task as text, so two reads of the queue compare by value (records with arrays do not).</summary>
    private static string Describe(CrmOpenTask open)
    {
        var t = open.Task;
        var p = open.Proposal;
        return string.Join(
            " | ",
            t.Key, t.AccountId, t.PlaybookId, t.PlaybookVersion, Describe(t.Reason), t.State, t.Subject, t.Due, t.OwnerRole, t.Priority,
            string.Join(",", t.Outcomes), t.CreatedAt.UtcTicks, open.AccountName,
            p is null ? "no proposal" : $"{p.Key} {p.OfferId} {p.IssuedOn} {p.ExpiresOn} {p.Status}");
    }

    private static string Describe(Reason reason) =>
        $"{reason.From} -> {reason.To} on {reason.Trigger} [{string.Join("; ", reason.Readings.Select(r => $"{r.Signal}={r.Value}"))}]";
}
