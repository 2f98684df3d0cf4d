using System.Collections.Immutable;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using CrmSuite.PlaybookEngine.Accounts;
using CrmSuite.PlaybookEngine.Runtime;

namespace CrmSuite.Connector.Crm.Dataverse.Gateway;

/// <summary>
/// The read side. Without delta links (or when Dataverse refuses them) a read is a full read (DataverseGateway.FullRead.cs),
/// which takes every row from the reads that start change tracking. An incremental read scans the delta links — the changed
/// account rows, and the ids and versions of changed licenses and usage rows — then completes the changed accounts a page at
/// a time, in one <c>$batch</c> of GETs per page for what the deltas did not carry.
/// </summary>
internal sealed partial class DataverseGateway
{
    public async IAsyncEnumerable<CrmPage> ReadChangedAccountsAsync(
        string? watermark, int pageSize, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pageSize);
        var mark = DataverseWatermark.Parse(watermark);

        // No delta links yet, or a full read under way (a watermark of an older connector in the middle of a first read
        // has neither: the full read starts over).
        if (mark?.Full is not null || mark?.To is null || (mark.After is not null && mark.From is null))
        {
            await foreach (var page in ReadEverythingAsync(mark?.Full, pageSize, cancellationToken))
            {
                yield return page;
            }

            yield break;
        }

        var resuming = mark.After is not null;
        var start = resuming ? mark.From! : mark.To;
        ChangeScan? scan;
        try
        {
            scan = await ScanAsync(start, cancellationToken);
        }
        catch (DeltaExpiredException expired)
        {
            _logger.DeltaExpired(expired.Table, (int)expired.Error.Status, expired.Error.Code, expired.Error.Detail);
            scan = null;
        }

        if (scan is null)
        {
            await foreach (var page in ReadEverythingAsync(null, pageSize, cancellationToken))
            {
                yield return page;
            }

            yield break;
        }

        // A resumed read ends where the interrupted one would have: what changed since is read by the next read.
        var end = resuming ? mark.To : scan.Links;
        var items = resuming ? scan.Items.Where(i => i.CompareTo(mark.After!.Value) > 0).ToList() : scan.Items;
        if (items.Count == 0)
        {
            if (end != mark.To)
            {
                yield return new CrmPage([], [], new DataverseWatermark(null, end, null).Write());
            }

            yield break;
        }

        for (var offset = 0; offset < items.Count; offset += pageSize)
        {
            var slice = items.GetRange(offset, Math.Min(pageSize, items.Count - offset));
            var deleted = slice.Where(i => i.Rank == 0).Select(i => i.Id).ToImmutableArray();
            var records = await ReadRecordsAsync([.. slice.Where(i => i.Rank == 1).Select(i => i.Id)], scan.Accounts, cancellationToken);
            var last = offset + slice.Count >= items.Count;
            var next = last ? new DataverseWatermark(null, end, null) : new DataverseWatermark(start, end, slice[^1]);
            yield return new CrmPage(records, deleted, next.Write());
        }
    }

    /// <summary>Dataverse cannot count changes without reading them: null.</summary>
    public Task<long?> CountChangedAccountsAsync(string? watermark, CancellationToken cancellationToken) => Task.FromResult<long?>(null);

    public async Task<IReadOnlyList<CrmAccountRecord>> ReadAccountsAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        var known = ids.Where(OData.IsGuid).Select(OData.Guid).Distinct(StringComparer.Ordinal).ToList();
        var records = await ReadRecordsAsync(known, null, cancellationToken);
        return [.. records.OrderBy(r => r.Account.Id, StringComparer.Ordinal)];
    }

    public async IAsyncEnumerable<CrmUser> ReadUsersAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var user in await ReadUserListAsync(cancellationToken))
        {
            yield return user;
        }
    }

    private async Task<List<CrmUser>> ReadUserListAsync(CancellationToken cancellationToken)
    {
        var users = new List<CrmUser>();
        await _client.ReadAllPagesAsync(
            OData.Query("systemusers", DataverseRows.UserColumns, "isdisabled eq false and cs_csrole ne null", "systemuserid"),
            OData.MaxPageSize(_options.MaxPageSize),
            rows =>
            {
                foreach (var row in rows.EnumerateArray())
                {
                    users.Add(DataverseRows.User(row));
                }
            },
            cancellationToken);
        return users;
    }

    /// <summary>
    /// The accounts with these ids, complete (licenses, usage, contact history: proposals, and the tasks of the contact policy's
    /// window, DataverseGateway.Touches.cs), in the order of <paramref name="ids"/>;
    /// ids Dataverse no longer holds are left out. Account rows found in <paramref name="known"/> (the account delta carried
    /// them) are not read again. One <c>$batch</c> of GETs per page.
    /// </summary>
    private async Task<ImmutableArray<CrmAccountRecord>> ReadRecordsAsync(
        IReadOnlyList<string> ids, IReadOnlyDictionary<string, (Account Account, long Version)>? known, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        var accounts = new Dictionary<string, (Account Account, long Version)>(ids.Count, StringComparer.Ordinal);
        var subscriptions = new Dictionary<string, List<Subscription>>(StringComparer.Ordinal);
        var usage = new Dictionary<string, UsageSnapshot>(StringComparer.Ordinal);
        var histories = new Dictionary<string, AccountHistory>(StringComparer.Ordinal);
        var prefer = OData.MaxPageSize(_options.MaxPageSize);
        var operations = new List<(RowKind Kind, BatchOperation Get)>();
        var unknown = new List<string>();
        foreach (var id in ids)
        {
            if (known is not null && known.TryGetValue(id, out var row))
            {
                accounts[id] = row;
            }
            else
            {
                unknown.Add(id);
            }
        }

        foreach (var chunk in Chunks(unknown, _options.IdsPerFilter))
        {
            operations.Add((RowKind.Account, Get(OData.Query("accounts", DataverseRows.AccountColumns, OData.AnyOf("accountid", chunk)), prefer)));
        }

        var touches = TouchFilter();
        foreach (var chunk in Chunks(ids, _options.IdsPerFilter))
        {
            operations.Add((RowKind.Subscription, Get(OData.Query("cs_subscriptions", DataverseRows.SubscriptionColumns + ",versionnumber", OData.AnyOf("_cs_accountid_value", chunk)), prefer)));
            operations.Add((RowKind.Usage, Get(OData.Query("cs_usages", DataverseRows.UsageColumns, OData.AnyOf("_cs_accountid_value", chunk)), prefer)));
            operations.Add((RowKind.Proposal, Get(OData.Query("cs_upgradeproposals", DataverseRows.HistoryColumns, OData.AnyOf("_cs_accountid_value", chunk)), prefer)));
            if (touches is not null)
            {
                operations.Add((RowKind.Task, Get(OData.Query("tasks", DataverseRows.TouchColumns, $"{touches} and {OData.AnyOf("_regardingobjectid_value", chunk)}"), prefer)));
            }
        }

        for (var from = 0; from < operations.Count; from += _options.BatchSize)
        {
            var part = operations.GetRange(from, Math.Min(_options.BatchSize, operations.Count - from));
            var results = await _client.BatchAsync([.. part.Select(p => p.Get)], continueOnError: false, changeSet: false, cancellationToken);
            for (var i = 0; i < results.Count; i++)
            {
                var result = results[i];
                var (kind, get) = part[i];
                if (!result.Succeeded)
                {
                    var (code, message) = result.Error;
                    throw new DataverseException((HttpStatusCode)result.Status, code, message, $"GET {get.Url[..Math.Min(120, get.Url.Length)]} in a $batch");
                }

                using var page = JsonDocument.Parse(result.Body);
                Collect(kind, page.RootElement.GetProperty("value"));
                if (page.RootElement.TryGetProperty("@odata.nextLink", out var nextLink) && nextLink.GetString() is { } link)
                {
                    await _client.ReadAllPagesAsync(link, prefer, rows => Collect(kind, rows), cancellationToken);
                }
            }
        }

        var records = ImmutableArray.CreateBuilder<CrmAccountRecord>(accounts.Count);
        foreach (var id in ids)
        {
            if (!accounts.TryGetValue(id, out var found))
            {
                continue;
            }

            records.Add(new CrmAccountRecord(
                found.Account,
                subscriptions.TryGetValue(id, out var subs) ? [.. subs.OrderBy(s => s.Id, StringComparer.Ordinal)] : [],
                usage.GetValueOrDefault(id),
                histories.TryGetValue(id, out var history) ? history.ToContactHistory() : ContactHistory.None,
                found.Version));
        }

        return records.DrainToImmutable();

        void Collect(RowKind kind, JsonElement rows)
        {
            foreach (var row in rows.EnumerateArray())
            {
                switch (kind)
                {
                    case RowKind.Account:
                        var account = DataverseRows.Account(row);
                        accounts[account.Id] = (account, DataverseRows.Version(row));
                        _owners[account.Id] = account.CsmId;
                        break;
                    case RowKind.Subscription:
                        var subscription = DataverseRows.Subscription(row);
                        _subscriptionAccounts[subscription.Id] = subscription.AccountId;
                        if (!subscriptions.TryGetValue(subscription.AccountId, out var list))
                        {
                            subscriptions[subscription.AccountId] = list = [];
                        }

                        list.Add(subscription);
                        break;
                    case RowKind.Usage:
                        var snapshot = DataverseRows.Usage(row);
                        usage[snapshot.AccountId] = snapshot;
                        break;
                    case RowKind.Task:
                        AccountHistory.AddTask(histories, row);
                        break;
                    default:
                        AccountHistory.Add(histories, row);
                        break;
                }
            }
        }
    }

    private static BatchOperation Get(string url, string prefer) => new("GET", url, null, url, Prefer: prefer);

    private enum RowKind
    {
        Account,
        Subscription,
        Usage,
        Proposal,
        Task,
    }
}
