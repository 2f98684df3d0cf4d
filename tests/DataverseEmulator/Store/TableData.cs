using CrmSuite.DataverseEmulator.Schema;

namespace CrmSuite.DataverseEmulator.Store;

/// <summary>
/// The rows of one table with their indexes: by primary key (and in key order for paging), by every Active
/// alternate key, and by row version for change tracking (live rows and deleted ids).
/// </summary>
internal sealed class TableData(TableDefinition definition)
{
    private readonly Dictionary<Guid, Row> rows = [];
    private readonly SortedSet<Guid> order = [];
    private readonly Dictionary<string, Dictionary<string, Guid>> alternateIndexes = new(StringComparer.Ordinal);
    private static readonly Guid MaxGuid = new("ffffffff-ffff-ffff-ffff-ffffffffffff");
    private readonly SortedSet<(long Version, Guid Id)> liveByVersion = [];
    private readonly SortedSet<(long Version, Guid Id)> deletedByVersion = [];
    // Lookup column → referenced id → the rows that reference it.
    private readonly Dictionary<string, Dictionary<Guid, HashSet<Guid>>> lookupIndexes = new(StringComparer.Ordinal);

    public TableDefinition Definition { get; } = definition;
    public int Count => rows.Count;
    public IEnumerable<Row> Rows => order.Select(id => rows[id]);

    public Row? Find(Guid id) => rows.GetValueOrDefault(id);

    /// <summary>Rows whose primary key sorts after <paramref name="after"/> (all rows when null), in key order.</summary>
    public IEnumerable<Row> RowsAfter(Guid? after)
    {
        if (after is null || order.Count == 0)
        {
            return Rows;
        }
        if (after.Value.CompareTo(order.Max) >= 0)
        {
            return [];
        }
        return order.GetViewBetween(after.Value, order.Max).Where(id => id != after.Value).Select(id => rows[id]);
    }

    /// <summary>
    /// The rows whose <paramref name="column"/> (the primary key or a lookup) is one of <paramref name="ids"/>, after
    /// <paramref name="after"/>, in key order.
    /// </summary>
    public IEnumerable<Row> RowsWith(string column, IReadOnlySet<Guid> ids, Guid? after)
    {
        IEnumerable<Guid> matching = column == Definition.PrimaryIdAttribute
            ? ids.Where(rows.ContainsKey)
            : lookupIndexes.TryGetValue(column, out var index) ? ids.SelectMany(id => index.TryGetValue(id, out var set) ? set : []).Distinct() : [];
        return matching.Where(id => after is null || id.CompareTo(after.Value) > 0).Order().Select(id => rows[id]);
    }

    public IEnumerable<Row> ChangedAfter(long version, long upTo) =>
        Between(liveByVersion, version, upTo).Select(e => rows[e.Id]);

    public IEnumerable<(long Version, Guid Id)> DeletedAfter(long version, long upTo) => Between(deletedByVersion, version, upTo);

    private static IEnumerable<(long Version, Guid Id)> Between(SortedSet<(long Version, Guid Id)> set, long after, long upTo) =>
        after >= upTo ? [] : set.GetViewBetween((after + 1, Guid.Empty), (upTo, MaxGuid));

    public Guid? FindByKey(AlternateKeyDefinition key, IReadOnlyList<object?> values)
    {
        var composite = Composite(values);
        if (composite is null)
        {
            return null;
        }
        if (alternateIndexes.TryGetValue(key.LogicalName, out var index))
        {
            return index.TryGetValue(composite, out var id) ? id : null;
        }
        return rows.Values.FirstOrDefault(r => Composite(KeyValues(key, r)) == composite)?.Id;
    }

    /// <summary>The row (other than <paramref name="self"/>) that already holds this row's values of an Active key.</summary>
    public (AlternateKeyDefinition Key, Guid Other)? Conflict(Row candidate)
    {
        foreach (var key in Definition.Keys.Where(k => k.Status == KeyStatus.Active))
        {
            var composite = Composite(KeyValues(key, candidate));
            if (composite is not null && alternateIndexes[key.LogicalName].TryGetValue(composite, out var other) && other != candidate.Id)
            {
                return (key, other);
            }
        }
        return null;
    }

    public void Put(Row row)
    {
        if (rows.Remove(row.Id, out var previous))
        {
            Unindex(previous);
        }
        rows[row.Id] = row;
        order.Add(row.Id);
        liveByVersion.Add((row.Version, row.Id));
        Index(row);
    }

    public void Remove(Guid id, long? deletedVersion)
    {
        if (rows.Remove(id, out var previous))
        {
            Unindex(previous);
            order.Remove(id);
        }
        if (deletedVersion is long version)
        {
            deletedByVersion.Add((version, id));
        }
    }

    public void ForgetDeletion(long version, Guid id) => deletedByVersion.Remove((version, id));

    /// <summary>Builds the index of a key becoming Active; false when existing rows already violate it (the key fails).</summary>
    public bool BuildIndex(AlternateKeyDefinition key)
    {
        var index = new Dictionary<string, Guid>(StringComparer.Ordinal);
        foreach (var row in rows.Values)
        {
            var composite = Composite(KeyValues(key, row));
            if (composite is not null && !index.TryAdd(composite, row.Id))
            {
                return false;
            }
        }
        alternateIndexes[key.LogicalName] = index;
        return true;
    }

    public static IReadOnlyList<object?> KeyValues(AlternateKeyDefinition key, Row row) =>
        key.KeyAttributes.Select(a => row[a]).ToArray();

    private void Index(Row row)
    {
        foreach (var (column, value) in row.Values)
        {
            if (value is EntityReference reference)
            {
                if (!lookupIndexes.TryGetValue(column, out var index))
                {
                    lookupIndexes[column] = index = [];
                }
                if (!index.TryGetValue(reference.Id, out var referencing))
                {
                    index[reference.Id] = referencing = [];
                }
                referencing.Add(row.Id);
            }
        }
        foreach (var key in Definition.Keys.Where(k => k.Status == KeyStatus.Active))
        {
            var composite = Composite(KeyValues(key, row));
            if (composite is not null)
            {
                alternateIndexes[key.LogicalName][composite] = row.Id;
            }
        }
    }

    private void Unindex(Row row)
    {
        liveByVersion.Remove((row.Version, row.Id));
        foreach (var (column, value) in row.Values)
        {
            if (value is EntityReference reference && lookupIndexes.TryGetValue(column, out var index) && index.TryGetValue(reference.Id, out var referencing))
            {
                referencing.Remove(row.Id);
            }
        }
        foreach (var key in Definition.Keys.Where(k => k.Status == KeyStatus.Active))
        {
            var composite = Composite(KeyValues(key, row));
            if (composite is not null && alternateIndexes[key.LogicalName].TryGetValue(composite, out var id) && id == row.Id)
            {
                alternateIndexes[key.LogicalName].Remove(composite);
            }
        }
    }

    // Dataverse compares key values with the database's case-insensitive collation.
    private static string? Composite(IReadOnlyList<object?> values)
    {
        if (values.Any(v => v is null))
        {
            return null;
        }
        return string.Join('\u001f', values.Select(v => v switch
        {
            string s => s.ToUpperInvariant(),
            EntityReference r => r.Id.ToString(),
            DateTimeOffset d => d.UtcDateTime.ToString("O"),
            IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
            _ => v!.ToString(),
        }));
    }
}
