using CrmSuite.DataverseEmulator.Http;
using CrmSuite.DataverseEmulator.Schema;

namespace CrmSuite.DataverseEmulator.Store;

/// <summary>
/// The organisation's state: tables, rows and the org-wide row version. Every read and write happens under
/// <see cref="Gate"/>; a change set holds it for its whole run and can roll its writes back.
/// </summary>
internal sealed class OrgStore
{
    private readonly Dictionary<string, TableData> byLogicalName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TableData> byEntitySet = new(StringComparer.Ordinal);
    private readonly TimeProvider time;
    private List<Action>? undo;
    private long version = 1_000_000;

    public OrgStore(TimeProvider time)
    {
        this.time = time;
        foreach (var table in StandardTables.Create())
        {
            AddTable(table);
        }
    }

    public object Gate { get; } = new();

    /// <summary>Sees every row write before and after it is stored (the plugin pipeline calls registered webhook steps).</summary>
    public IWriteObserver? Observer { get; set; }

    /// <summary>Whether a change set is running: writes it makes are undone if it fails.</summary>
    public bool InTransaction => undo is not null;

    /// <summary>Bumped on every schema change; the EDM model is rebuilt when it moves.</summary>
    public int SchemaVersion { get; private set; }

    public long CurrentVersion => version;
    public DateTimeOffset Now => time.GetUtcNow();

    public IEnumerable<TableData> Tables => byLogicalName.Values;

    public TableData? ByLogicalName(string logicalName) => byLogicalName.GetValueOrDefault(logicalName);

    public TableData? ByEntitySet(string entitySet) => byEntitySet.GetValueOrDefault(entitySet);

    public TableData Require(string logicalName) =>
        ByLogicalName(logicalName) ?? throw new ArgumentException($"The emulator has no table '{logicalName}'.", nameof(logicalName));

    public void AddTable(TableDefinition table)
    {
        var data = new TableData(table);
        byLogicalName.Add(table.LogicalName, data);
        byEntitySet.Add(table.EntitySetName, data);
        SchemaChanged();
    }

    public void SchemaChanged() => SchemaVersion++;

    public long NextVersion() => ++version;

    /// <summary>Stores a new row: values are already validated; system columns are set here.</summary>
    public Row Insert(TableData table, Guid id, IReadOnlyDictionary<string, object?> values)
    {
        if (table.Find(id) is not null)
        {
            throw new DataverseException(412, ErrorCodes.DuplicateRecord, $"A record with matching key values already exists: {table.Definition.LogicalName} with id {id}.");
        }
        values = Observer?.Before(new RowWrite(table, "Create", id, null, values)) ?? values;
        var now = Now;
        var stored = new Dictionary<string, object?>(values, StringComparer.Ordinal)
        {
            [table.Definition.PrimaryIdAttribute] = id,
            ["createdon"] = now,
            ["modifiedon"] = now,
            ["versionnumber"] = NextVersion(),
        };
        ApplyStateDefaults(table.Definition, stored);
        var row = new Row(id, stored);
        Store(table, null, row);
        Observer?.After(new RowWrite(table, "Create", id, null, values), row);
        return row;
    }

    /// <summary>Stores the row with <paramref name="changes"/> merged in, a new version and modifiedon.</summary>
    public Row Update(TableData table, Row existing, IReadOnlyDictionary<string, object?> changes)
    {
        changes = Observer?.Before(new RowWrite(table, "Update", existing.Id, existing, changes)) ?? changes;
        var stored = new Dictionary<string, object?>(existing.Values, StringComparer.Ordinal);
        foreach (var (column, value) in changes)
        {
            stored[column] = value;
        }
        if (changes.ContainsKey("statecode") && !changes.ContainsKey("statuscode"))
        {
            stored.Remove("statuscode");
        }
        ApplyStateDefaults(table.Definition, stored);
        stored["modifiedon"] = Now;
        stored["versionnumber"] = NextVersion();
        var row = new Row(existing.Id, stored);
        Store(table, existing, row);
        Observer?.After(new RowWrite(table, "Update", existing.Id, existing, changes), row);
        return row;
    }

    public void Delete(TableData table, Row existing)
    {
        var write = new RowWrite(table, "Delete", existing.Id, existing, new Dictionary<string, object?>());
        Observer?.Before(write);
        var deletedAt = NextVersion();
        table.Remove(existing.Id, deletedAt);
        undo?.Add(() =>
        {
            table.ForgetDeletion(deletedAt, existing.Id);
            table.Put(existing);
        });
        Observer?.After(write, null);
    }

    /// <summary>Runs <paramref name="work"/> as one transaction: when it throws, every write it made is undone.</summary>
    public T Atomically<T>(Func<T> work, Func<T, bool> succeeded)
    {
        if (undo is not null)
        {
            return work();
        }
        undo = [];
        try
        {
            var result = work();
            if (!succeeded(result))
            {
                Rollback();
                Observer?.RolledBack();
            }
            else
            {
                Observer?.Committed();
            }
            return result;
        }
        catch
        {
            Rollback();
            Observer?.RolledBack();
            throw;
        }
        finally
        {
            undo = null;
        }
    }

    private void Rollback()
    {
        for (var i = undo!.Count - 1; i >= 0; i--)
        {
            undo[i]();
        }
        undo.Clear();
    }

    private void Store(TableData table, Row? previous, Row row)
    {
        if (table.Conflict(row) is { } conflict)
        {
            throw new DataverseException(412, ErrorCodes.DuplicateRecord,
                $"A record that has the attribute values {string.Join(", ", conflict.Key.KeyAttributes)} already exists. The entity key {conflict.Key.LogicalName} requires that this set of attributes contains unique values.");
        }
        table.Put(row);
        undo?.Add(() =>
        {
            if (previous is null)
            {
                table.Remove(row.Id, deletedVersion: null);
            }
            else
            {
                table.Put(previous);
            }
        });
    }

    private static void ApplyStateDefaults(TableDefinition table, Dictionary<string, object?> values)
    {
        if (table.StateStatus.Count == 0)
        {
            return;
        }
        var state = values.GetValueOrDefault("statecode") as int? ?? 0;
        if (!table.StateStatus.TryGetValue(state, out var statuses))
        {
            throw new DataverseException(400, ErrorCodes.ValidationError, $"{state} is not a valid statecode for {table.LogicalName}.");
        }
        values["statecode"] = state;
        if (values.GetValueOrDefault("statuscode") is not int status)
        {
            values["statuscode"] = statuses[0];
        }
        else if (!statuses.Contains(status))
        {
            throw new DataverseException(400, ErrorCodes.ValidationError,
                $"{status} is not a valid status code for state code {table.LogicalName}State.{state} ({table.LogicalName}: allowed {string.Join(", ", statuses)}).");
        }
    }
}
