using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace CrmSuite.Connector.Crm.Dataverse.Gateway;

/// <summary>What changed since a set of delta links: the read's items in order, and the links the next read starts from.</summary>
internal sealed record ChangeScan(List<ReadPosition> Items, TrackLinks Links);

/// <summary>Dataverse refused a delta link (its token expired): the read starts over from every account.</summary>
internal sealed class DeltaExpiredException(string table, DataverseException error) : Exception($"The delta link of {table} was refused: {error.Message}", error)
{
    public string Table { get; } = table;

    public DataverseException Error { get; } = error;
}

/// <summary>
/// Scanning for changes. An account is changed when its row changed, or a license or usage row that names it now or named
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

    private async Task<ChangeScan> ScanAsync(TrackLinks? from, CancellationToken cancellationToken)
    {
        var changed = new Dictionary<string, long>(StringComparer.Ordinal);
        var deleted = new HashSet<string>(StringComparer.Ordinal);
        var leftBehind = new List<string>();
        long highest = 0;
        var links = new string[Tracked.Length];
        for (var t = 0; t < Tracked.Length; t++)
        {
            var (table, set, key, accountColumn) = Tracked[t];
            var link = from is null ? null : t switch { 0 => from.Accounts, 1 => from.Subscriptions, _ => from.Usage };
            var owners = t == 1 ? _subscriptionAccounts : _usageAccounts;
            links[t] = await ScanTableAsync(table, set, key, accountColumn, link, row =>
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

                // A first read returns every account from the account table itself; licenses only teach their accounts.
                if (from is not null)
                {
                    Touch(accountId, version);
                }
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
        return new ChangeScan(items, new TrackLinks(links[0], links[1], links[2]));

        void Touch(string accountId, long version) =>
            changed[accountId] = changed.TryGetValue(accountId, out var seen) ? Math.Max(seen, version) : version;
    }

    /// <summary>Reads one table's changes since <paramref name="link"/> (every row when null); returns where the next read starts.</summary>
    private async Task<string> ScanTableAsync(
        string table, string set, string key, string? accountColumn, string? link, Action<JsonElement> onRow, CancellationToken cancellationToken)
    {
        var select = accountColumn is null ? $"{key},versionnumber" : $"{key},{accountColumn},versionnumber";
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
            return delta ?? throw new DataverseException(200, "", $"the change-tracking read of {set} ended without an @odata.deltaLink", $"GET {set}");
        }
        catch (DataverseException error) when (link is not null && DataverseErrors.IsExpiredDeltaToken(error))
        {
            throw new DeltaExpiredException(table, error);
        }
    }

    private async Task<bool> IsChangeTrackedAsync(string table, CancellationToken cancellationToken)
    {
        if (_changeTracking is null)
        {
            var tracking = new Dictionary<string, bool>(StringComparer.Ordinal);
            foreach (var (name, _, _, _) in Tracked)
            {
                using var definition = await _client.GetAsync($"EntityDefinitions(LogicalName='{name}')?$select=ChangeTrackingEnabled", null, cancellationToken);
                var on = definition.RootElement.TryGetProperty("ChangeTrackingEnabled", out var value) && value.ValueKind == JsonValueKind.True;
                if (!on)
                {
                    _logger.ChangeTrackingOff(name);
                }

                tracking[name] = on;
            }

            _changeTracking = tracking;
        }

        return _changeTracking[table];
    }
}
