using System.Collections.Immutable;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using CrmSuite.PlaybookEngine.Accounts;

namespace CrmSuite.Connector.Crm.Dataverse.Gateway;

/// <summary>
/// A full read (no delta links yet, or Dataverse refused them): every account, complete, with no row read twice. Licenses and
/// usage are read first (starting their change tracking) and held by account, with the contact history (proposals, and the
/// tasks of the contact policy's window); then the
/// accounts are read page by page (starting theirs) and each page of accounts is handed out as soon as it arrives, joined
/// with what was held — so an account row is never held beyond its page, and what was held for it is let go once handed out.
/// </summary>
internal sealed partial class DataverseGateway
{
    /// <summary>Licenses, usage and contact history by account, for joining with the accounts as they are read.</summary>
    private sealed record HeldRows(
        Dictionary<string, List<Subscription>> Subscriptions,
        Dictionary<string, UsageSnapshot> Usage,
        Dictionary<string, AccountHistory> Histories,
        string SubscriptionsLink,
        string UsageLink);

    private async IAsyncEnumerable<CrmPage> ReadEverythingAsync(
        FullReadMark? resume, int pageSize, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var held = await ReadHeldRowsAsync(cancellationToken);

        // A resumed read keeps the delta links the interrupted one started: what changed since is read by the next read.
        var subscriptionsLink = resume?.Subscriptions ?? held.SubscriptionsLink;
        var usageLink = resume?.Usage ?? held.UsageLink;
        var tracked = await IsChangeTrackedAsync("account", cancellationToken);
        var prefer = OData.MaxPageSize(_options.MaxPageSize);
        var url = resume?.Page ?? (tracked ? OData.Query("accounts", DataverseRows.AccountColumns) : OData.Query("accounts", DataverseRows.AccountColumns + ",modifiedon", null, "modifiedon asc"));
        var after = resume?.After;
        var seen = resume?.Seen ?? 0;
        string? latest = null;
        await foreach (var page in _client.ReadPagesAsync(url, tracked ? $"odata.track-changes,{prefer}" : prefer, cancellationToken))
        {
            var rows = new List<(Account Account, long Version)>(page.Rows.GetArrayLength());
            foreach (var row in page.Rows.EnumerateArray())
            {
                if (!tracked && DataverseRows.Timestamp(row, "modifiedon") is { } at && (latest is null || string.CompareOrdinal(OData.Timestamp(at), latest) > 0))
                {
                    latest = OData.Timestamp(at);
                }

                var account = DataverseRows.Account(row);
                _owners[account.Id] = account.CsmId;
                rows.Add((account, DataverseRows.Version(row)));
            }

            if (after is not null)
            {
                rows = SkipReturned(rows, after, seen);
                after = null;
            }

            var final = page.NextLink is null;
            if (final && rows.Count == 0)
            {
                yield return new CrmPage([], [], End(page).Write());
            }

            for (var offset = 0; offset < rows.Count; offset += pageSize)
            {
                var slice = rows.GetRange(offset, Math.Min(pageSize, rows.Count - offset));
                seen = Math.Max(seen, slice.Max(r => r.Version));
                var records = slice.Select(r => Join(held, r.Account, r.Version)).ToImmutableArray();
                var lastOfPage = offset + slice.Count >= rows.Count;
                var mark = !lastOfPage
                    ? new DataverseWatermark(null, null, null, new FullReadMark(subscriptionsLink, usageLink, page.Url, slice[^1].Account.Id, seen))
                    : final
                        ? End(page)
                        : new DataverseWatermark(null, null, null, new FullReadMark(subscriptionsLink, usageLink, page.NextLink!, null, seen));
                yield return new CrmPage(records, [], mark.Write());
            }
        }

        DataverseWatermark End(ReadPage last)
        {
            var accountsLink = tracked
                ? last.DeltaLink ?? throw new DataverseException(HttpStatusCode.OK, "", "the change-tracking read of accounts ended without an @odata.deltaLink", "GET accounts")
                : ModifiedOnPrefix + (latest ?? OData.Timestamp(_time.GetUtcNow()));
            return new DataverseWatermark(null, new TrackLinks(accountsLink, subscriptionsLink, usageLink), null);
        }
    }

    /// <summary>
    /// The rows of a page read again on resuming, less those an interrupted read already returned: the rows up to and including
    /// <paramref name="after"/>, unless changed since (a version above <paramref name="seen"/>, the highest it returned). When
    /// <paramref name="after"/> is gone from the page, the whole page is returned again.
    /// </summary>
    private static List<(Account Account, long Version)> SkipReturned(List<(Account Account, long Version)> rows, string after, long seen)
    {
        var at = rows.FindIndex(r => r.Account.Id == after);
        return at < 0 ? rows : [.. rows.Take(at + 1).Where(r => r.Version > seen), .. rows.Skip(at + 1)];
    }

    private static CrmAccountRecord Join(HeldRows held, Account account, long version)
    {
        var subscriptions = held.Subscriptions.Remove(account.Id, out var list) ? [.. list.OrderBy(s => s.Id, StringComparer.Ordinal)] : ImmutableArray<Subscription>.Empty;
        held.Usage.Remove(account.Id, out var usage);
        var history = held.Histories.Remove(account.Id, out var h) ? h.ToContactHistory() : PlaybookEngine.Runtime.ContactHistory.None;
        return new CrmAccountRecord(account, subscriptions, usage, history, version);
    }

    /// <summary>
    /// Every license and usage row, complete, read with change tracking started (or by <c>modifiedon</c> when it is off), and the
    /// contact history of every account in one paged read of <c>cs_upgradeproposals</c> and, under a contact policy that
    /// counts upgrade tasks, one paged read of the CrmSuite <c>tasks</c> of its window (DataverseGateway.Touches.cs).
    /// </summary>
    private async Task<HeldRows> ReadHeldRowsAsync(CancellationToken cancellationToken)
    {
        var subscriptions = new Dictionary<string, List<Subscription>>(StringComparer.Ordinal);
        var usage = new Dictionary<string, UsageSnapshot>(StringComparer.Ordinal);
        var histories = new Dictionary<string, AccountHistory>(StringComparer.Ordinal);
        var subscriptionsLink = await ScanTableAsync("cs_subscription", "cs_subscriptions", DataverseRows.SubscriptionColumns + ",versionnumber", null, row =>
        {
            var subscription = DataverseRows.Subscription(row);
            _subscriptionAccounts[subscription.Id] = subscription.AccountId;
            if (!subscriptions.TryGetValue(subscription.AccountId, out var list))
            {
                subscriptions[subscription.AccountId] = list = [];
            }

            list.Add(subscription);
        }, cancellationToken);
        var usageLink = await ScanTableAsync("cs_usage", "cs_usages", DataverseRows.UsageColumns + ",versionnumber", null, row =>
        {
            var snapshot = DataverseRows.Usage(row);
            _usageAccounts[DataverseRows.Id(row, "cs_usageid")] = snapshot.AccountId;
            usage[snapshot.AccountId] = snapshot;
        }, cancellationToken);
        await _client.ReadAllPagesAsync(
            OData.Query("cs_upgradeproposals", DataverseRows.HistoryColumns),
            OData.MaxPageSize(_options.MaxPageSize),
            rows =>
            {
                foreach (var row in rows.EnumerateArray())
                {
                    AccountHistory.Add(histories, row);
                }
            },
            cancellationToken);
        if (TouchFilter() is { } touches)
        {
            await _client.ReadAllPagesAsync(
                OData.Query("tasks", DataverseRows.TouchColumns, touches),
                OData.MaxPageSize(_options.MaxPageSize),
                rows =>
                {
                    foreach (var row in rows.EnumerateArray())
                    {
                        AccountHistory.AddTask(histories, row);
                    }
                },
                cancellationToken);
        }

        return new HeldRows(subscriptions, usage, histories, subscriptionsLink, usageLink);
    }
}
