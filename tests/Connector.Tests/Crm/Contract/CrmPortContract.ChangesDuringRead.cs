using CrmSuite.Connector.Crm;

namespace CrmSuite.Connector.Tests.Crm.Contract;

/// <summary>
/// Accounts that change while a read is under way (between its pages): within the read none appears twice, every unchanged
/// one appears, and every change is seen by this read or by the next one from its last watermark.
/// </summary>
public abstract partial class CrmPortContract<TFixture>
{
    private const int ChangedDuringReadAccounts = 12;

    /// <summary>How many pages of the read get changes after them: enough to move accounts both behind and ahead of the read.</summary>
    private const int PagesWithChanges = 3;

    /// <summary>A read that never ends (an account handed out again and again) is cut here so the test fails instead of hanging.</summary>
    private const int MostAccountsOneReadMayReturn = 10 * ChangedDuringReadAccounts;

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(5)]
    public async Task Within_one_read_no_account_appears_twice_when_accounts_change_between_its_pages(int pageSize)
    {
        var run = await ReadWhileTouchingAsync(pageSize);

        var read = AccountIds(run.Pages);
        Assert.Equal(read.Count, read.Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(5)]
    public async Task Every_account_unchanged_during_a_read_appears_in_it(int pageSize)
    {
        var run = await ReadWhileTouchingAsync(pageSize);

        var unchanged = run.Seeded.Where(id => !run.FinalNames.ContainsKey(id));
        Assert.Empty(unchanged.Except(AccountIds(run.Pages), StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(5)]
    public async Task An_account_changed_during_a_read_is_seen_with_its_change_by_this_read_or_the_next(int pageSize)
    {
        var run = await ReadWhileTouchingAsync(pageSize);

        // Touched accounts both behind the read (already read) and ahead of it (not read yet).
        Assert.NotEmpty(run.TouchedBehind);
        Assert.NotEmpty(run.TouchedAhead);
        var lastSeen = run.Pages.Concat(run.Next).SelectMany(p => p.Accounts)
            .GroupBy(a => a.Account.Id, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last().Account.Name, StringComparer.Ordinal);
        Assert.All(run.FinalNames, changed =>
        {
            Assert.True(lastSeen.TryGetValue(changed.Key, out var name), $"{changed.Key} was changed during the read and never read since.");
            Assert.Equal(changed.Value, name);
        });
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task An_account_deleted_during_a_read_is_reported_deleted_by_this_read_or_the_next(int pageSize)
    {
        var seeded = await SeedAsync(ContractAccount.Many(6));
        var pages = new List<CrmPage>();
        var deleted = new List<string>();
        await foreach (var page in Fixture.Accounts.ReadChangedAccountsAsync(null, pageSize, Ct))
        {
            pages.Add(page);
            if (deleted.Count == 0 && page.Accounts.Length > 0)
            {
                var read = AccountIds(pages);
                var behind = page.Accounts[0].Account.Id;
                var ahead = seeded.Last(id => !read.Contains(id));
                await Fixture.DeleteAccountAsync(behind);
                await Fixture.DeleteAccountAsync(ahead);
                deleted.AddRange([behind, ahead]);
            }
        }

        var next = await ReadAllAsync(LastWatermark(pages, null), pageSize);

        Assert.Equal(2, deleted.Count);
        Assert.Empty(deleted.Except(DeletedIds(pages.Concat(next)), StringComparer.Ordinal));
        Assert.Empty(deleted.Intersect(AccountIds(next), StringComparer.Ordinal));
    }

    /// <summary>
    /// Seeds <see cref="ChangedDuringReadAccounts"/> accounts and reads them all from no watermark; after each of the first
    /// <see cref="PagesWithChanges"/> pages, renames one account the read already returned and one it has not returned yet.
    /// Then reads again from the read's last watermark.
    /// </summary>
    private async Task<ReadWithChanges> ReadWhileTouchingAsync(int pageSize)
    {
        var seeded = await SeedAsync(ContractAccount.Many(ChangedDuringReadAccounts));
        var pages = new List<CrmPage>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var finalNames = new Dictionary<string, string>(StringComparer.Ordinal);
        var behind = new List<string>();
        var ahead = new List<string>();
        var returned = 0;
        await foreach (var page in Fixture.Accounts.ReadChangedAccountsAsync(null, pageSize, Ct))
        {
            pages.Add(page);
            returned += page.Accounts.Length;
            seen.UnionWith(page.Accounts.Select(a => a.Account.Id));
            if (returned > MostAccountsOneReadMayReturn)
            {
                break;
            }

            if (pages.Count > PagesWithChanges || page.Accounts.Length == 0)
            {
                continue;
            }

            var back = page.Accounts[0].Account.Id;
            finalNames[back] = (await Fixture.TouchAccountAsync(back)).Name;
            behind.Add(back);
            if (seeded.LastOrDefault(id => !seen.Contains(id)) is { } forward)
            {
                finalNames[forward] = (await Fixture.TouchAccountAsync(forward)).Name;
                ahead.Add(forward);
            }
        }

        var next = await ReadAllAsync(LastWatermark(pages, null), pageSize);
        return new ReadWithChanges(seeded, pages, next, behind, ahead, finalNames);
    }

    /// <param name="Pages">The read during which accounts changed.</param>
    /// <param name="Next">The read from its last watermark, after it.</param>
    /// <param name="FinalNames">Each changed account's name after the last change.</param>
    private sealed record ReadWithChanges(
        IReadOnlyList<string> Seeded,
        List<CrmPage> Pages,
        List<CrmPage> Next,
        List<string> TouchedBehind,
        List<string> TouchedAhead,
        Dictionary<string, string> FinalNames);
}
