using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using CrmSuite.PlaybookEngine.Accounts;

namespace CrmSuite.Connector.Crm.Dataverse.Gateway;

/// <summary>
/// What changed since a set of delta links: the read's items in order, the links the next read starts from, and the changed
/// account rows the account delta carried complete (their licenses, usage and history still have to be read).
/// </summary>
internal sealed record ChangeScan(List<ReadPosition> Items, TrackLinks Links, Dictionary<string, (Account Account, long Version)> Accounts);

/// <summary>Dataverse refused a delta link (its token expired): the read starts over from every account.</summary>
internal sealed class DeltaExpiredException(string table, DataverseException error) : Exception($"The delta link of {table} was refused: {error.Message}", error)
{
    public string Table { get; } = table;

    public DataverseException Error { get; } = error;
}

/// <summary>
/// Scanning for changes since the stored delta links (an incremental read). An account is changed when its row changed, or a license or usage row that names it now or named
/// it before changed (a license moved away changes the account it left). Accounts deleted since come first, then the changed
/// ones by the version of their latest change, so a read hands out the oldest change first.
/// </summary>
internal sealed partial class DataverseGateway
{
    private const string ModifiedOnPrefix = "modifiedon:";

    private static readonly (string Table, string Set, string Key, string? Account)[] Tracked =
    [
        ("account", "accounts", "accountid", null),
        ("cs_subscription", "cs_subscriptions", "cs_subscriptionid", "_cs_accountid_value"),
        ("cs_usage", "cs_usages", "cs_usageid", "_cs_accountid_value"),
    ];

    private async Task<ChangeScan> ScanAsync(TrackLinks from, CancellationToken cancellationToken)
    {
        var rows = new Dictionary<string, (Account Account, long Version)>(StringComparer.Ordinal);
        var changed = new Dictionary<string, long>(StringComparer.Ordinal);
        var deleted = new HashSet<string>(StringComparer.Ordinal);
        var leftBehind = new List<string>();
        long highest = 0;
        var links = new string[Tracked.Length];
        for (var t = 0; t < Tracked.Length; t++)
        {
            var (table, set, key, accountColumn) = Tracked[t];
            var link = t switch { 0 => from.Accounts, 1 => from.Subscriptions, _ => from.Usage };
            var owners = t == 1 ? _subscriptionAccounts : _usageAccounts;
            var select = accountColumn is null ? DataverseRows.AccountColumns : $"{key},{accountColumn},versionnumber";
            links[t] = await ScanTableAsync(table, set, select, link, row =>
            {
                if (DataverseRows.IsDeleted(row))
                {
                    var id = OData.Guid(row.GetProperty("id").GetString()!);
                    if (accountColumn is null)
                    {
                        deleted.Add(id);
                    }
                    else if (owners.TryRemove(id, out var account))
                    {
                        leftBehind.Add(account);
                    }

                    return;
                }

                var rowId = DataverseRows.Id(row, key);
                var version = DataverseRows.Version(row);
                highest = Math.Max(highest, version);
                if (accountColumn is null)
                {
                    var account = DataverseRows.Account(row);
                    rows[rowId] = (account, version);
                    _owners[rowId] = account.CsmId;
                    Touch(rowId, version);
                    return;
                }

                var accountId = DataverseRows.Lookup(row, accountColumn);
                if (owners.TryGetValue(rowId, out var before) && before != accountId)
                {
                    Touch(before, version);
                }

                if (accountId is null)
                {
                    owners.TryRemove(rowId, out _);
                    return;
                }

                owners[rowId] = accountId;
                Touch(accountId, version);
            }, cancellationToken);
        }

        // A license or usage row deleted has no version: its account counts as changed last.
        foreach (var account in leftBehind)
        {
            Touch(account, highest + 1);
        }

        var items = new List<ReadPosition>(deleted.Count + changed.Count);
        items.AddRange(deleted.Select(id => new ReadPosition(0, 0, id)));
        items.AddRange(changed.Where(c => !deleted.Contains(c.Key)).Select(c => new ReadPosition(1, c.Value, c.Key)));
        items.Sort();
        foreach (var id in deleted)
        {
            rows.Remove(id);
        }

        return new ChangeScan(items, new TrackLinks(links[0], links[1], links[2]), rows);

        void Touch(string accountId, long version) =>
            changed[accountId] = changed.TryGetValue(accountId, out var seen) ? Math.Max(seen, version) : version;
    }

    /// <summary>
    /// Reads the <paramref name="select"/>ed columns of one table's rows changed since <paramref name="link"/> (every row when
    /// null: a full read that starts change tracking); returns where the next read starts.
    /// </summary>
    private async Task<string> ScanTableAsync(
        string table, string set, string select, string? link, Action<JsonElement> onRow, CancellationToken cancellationToken)
    {
        var prefer = OData.MaxPageSize(_options.MaxPageSize);
        void OnPage(JsonElement rows)
        {
            foreach (var row in rows.EnumerateArray())
            {
                onRow(row);
            }
        }

        if (link is null ? !await IsChangeTrackedAsync(table, cancellationToken) : link.StartsWith(ModifiedOnPrefix, StringComparison.Ordinal))
        {
            // Change tracking off: rows modified at or after the last modification seen (the same second may hold more).
            var since = link?[ModifiedOnPrefix.Length..];
            var latest = since;
            await _client.ReadAllPagesAsync(
                OData.Query(set, select + ",modifiedon", since is null ? null : $"modifiedon ge {since}", "modifiedon asc"),
                prefer,
                rows =>
                {
                    foreach (var row in rows.EnumerateArray())
                    {
                        if (DataverseRows.Timestamp(row, "modifiedon") is { } at && (latest is null || string.CompareOrdinal(OData.Timestamp(at), latest) > 0))
                        {
                            latest = OData.Timestamp(at);
                        }

                        onRow(row);
                    }
                },
                cancellationToken);
            return ModifiedOnPrefix + (latest ?? OData.Timestamp(_time.GetUtcNow()));
        }

        try
        {
            var delta = await _client.ReadAllPagesAsync(link ?? OData.Query(set, select), link is null ? $"odata.track-changes,{prefer}" : prefer, OnPage, cancellationToken);
            return delta ?? throw new DataverseException(HttpStatusCode.OK, "", $"the change-tracking read of {set} ended without an @odata.deltaLink", $"GET {set}");
        }
        catch (DataverseException error) when (link is not null && DataverseErrors.IsExpiredDeltaToken(error))
        {
            throw new DeltaExpiredException(table, error);
        }
    }

    /// <summary>
    /// Whether <paramref name="table"/> has change tracking on. The three tables are asked about once, in one request:
    /// <c>EntityDefinitions?$select=LogicalName,ChangeTrackingEnabled&amp;$filter=LogicalName eq 'account' or …</c>.
    /// </summary>
    private async Task<bool> IsChangeTrackedAsync(string table, CancellationToken cancellationToken)
    {
        if (_changeTracking is null)
        {
            var names = Tracked.Select(t => t.Table).ToList();
            var filter = string.Join(" or ", names.Select(n => $"LogicalName eq {OData.Text(n)}"));
            using var definitions = await _client.GetAsync(
                $"EntityDefinitions?$select=LogicalName,ChangeTrackingEnabled&$filter={Uri.EscapeDataString(filter)}", null, cancellationToken);
            var tracking = names.ToDictionary(n => n, _ => false, StringComparer.Ordinal);
            foreach (var definition in definitions.RootElement.GetProperty("value").EnumerateArray())
            {
                if (DataverseRows.Text(definition, "LogicalName") is { } name && tracking.ContainsKey(name))
                {
                    tracking[name] = definition.TryGetProperty("ChangeTrackingEnabled", out var value) && value.ValueKind == JsonValueKind.True;
                }
            }

            foreach (var (name, on) in tracking.Where(t => !t.Value))
            {
                _logger.ChangeTrackingOff(name);
            }

            _changeTracking = tracking;
        }

        return _changeTracking[table];
    }
}
