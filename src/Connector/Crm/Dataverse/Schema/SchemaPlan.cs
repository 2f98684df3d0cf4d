using System.Collections.Immutable;

namespace CrmSuite.Connector.Crm.Dataverse.Schema;

/// <summary>One change deploy-schema makes, described for the admin.</summary>
internal abstract record SchemaChange(TableDefinition Table)
{
    public abstract string Describe();
}

internal sealed record CreateTable(TableDefinition Table) : SchemaChange(Table)
{
    public override string Describe() =>
        $"table {Table.LogicalName} (entity set {Table.EntitySetName}, {Table.Columns.Count(c => c.Kind != ColumnKind.Lookup) + 1} columns, change tracking on)";
}

internal sealed record AddColumn(TableDefinition Table, ColumnDefinition Column) : SchemaChange(Table)
{
    public override string Describe() => $"column {Table.LogicalName}.{Column.LogicalName} {Column.Describe()}";
}

internal sealed record EnableChangeTracking(TableDefinition Table) : SchemaChange(Table)
{
    public override string Describe() => $"change tracking on {Table.LogicalName}";
}

internal sealed record AddKey(TableDefinition Table, KeyDefinition Key) : SchemaChange(Table)
{
    public override string Describe() => $"alternate key {Key.LogicalName} on {Table.LogicalName} ({string.Join(", ", Key.Columns)})";
}

/// <summary>
/// What the organisation lacks of <see cref="CrmSuiteSchema"/> (<see cref="Changes"/>, in the order they can be made),
/// what contradicts it and cannot be fixed by adding (<see cref="Conflicts"/>), and alternate keys not yet Active.
/// </summary>
internal sealed record SchemaPlan(ImmutableArray<SchemaChange> Changes, ImmutableArray<string> Conflicts, ImmutableArray<string> InactiveKeys)
{
    public bool UpToDate => Changes.IsEmpty && Conflicts.IsEmpty;

    /// <summary>Compares the model with the tables as read (null: the table does not exist).</summary>
    public static SchemaPlan Of(IEnumerable<(TableDefinition Table, TableState? State)> tables)
    {
        var changes = ImmutableArray.CreateBuilder<SchemaChange>();
        var conflicts = ImmutableArray.CreateBuilder<string>();
        var inactive = ImmutableArray.CreateBuilder<string>();
        foreach (var (table, state) in tables)
        {
            if (state is null)
            {
                if (!table.IsCustom)
                {
                    conflicts.Add($"the standard table {table.LogicalName} does not exist in this organisation");
                    continue;
                }

                changes.Add(new CreateTable(table));
                changes.AddRange(table.Columns.Where(c => c.Kind == ColumnKind.Lookup).Select(c => new AddColumn(table, c)));
                changes.AddRange(table.Keys.Select(k => new AddKey(table, k)));
                continue;
            }

            foreach (var column in table.Columns)
            {
                if (!state.Columns.TryGetValue(column.LogicalName, out var type))
                {
                    changes.Add(new AddColumn(table, column));
                }
                else if (!type.Equals(column.AttributeType, StringComparison.OrdinalIgnoreCase))
                {
                    conflicts.Add($"column {table.LogicalName}.{column.LogicalName} is {type}, CrmSuite needs {column.Describe()}: delete or rename that column, then deploy again");
                }
            }

            if (table.NeedsChangeTracking && !state.ChangeTrackingEnabled)
            {
                changes.Add(new EnableChangeTracking(table));
            }

            foreach (var key in table.Keys)
            {
                var existing = state.Keys.FirstOrDefault(k => k.LogicalName.Equals(key.LogicalName, StringComparison.OrdinalIgnoreCase));
                if (existing is null)
                {
                    changes.Add(new AddKey(table, key));
                }
                else if (!existing.Columns.Order(StringComparer.Ordinal).SequenceEqual(key.Columns.Order(StringComparer.Ordinal)))
                {
                    conflicts.Add($"alternate key {table.LogicalName}.{key.LogicalName} is on ({string.Join(", ", existing.Columns)}), CrmSuite needs ({string.Join(", ", key.Columns)}): delete that key, then deploy again");
                }
                else if (existing.HasFailed)
                {
                    conflicts.Add($"alternate key {table.LogicalName}.{key.LogicalName} failed to build (EntityKeyIndexStatus Failed), usually because rows share a value: remove the duplicates, then reactivate the key (ReactivateEntityKey) or delete it and deploy again");
                }
                else if (!existing.IsActive)
                {
                    inactive.Add($"alternate key {table.LogicalName}.{key.LogicalName} is {existing.Status}, not yet Active: upserts by it fail until the background job finishes");
                }
            }
        }

        return new SchemaPlan(changes.ToImmutable(), conflicts.ToImmutable(), inactive.ToImmutable());
    }
}
