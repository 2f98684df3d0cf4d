using CrmSuite.DataverseEmulator.Metadata;
using CrmSuite.DataverseEmulator.Schema;
using CrmSuite.DataverseEmulator.Store;

namespace CrmSuite.DataverseEmulator;

/// <summary>
/// Test hooks that play a CRM user or an admin directly on the store: every write bumps versionnumber and feeds
/// change tracking exactly like a write through the Web API. Values: string, int, long, decimal, bool,
/// DateTimeOffset, DateOnly, Guid, or <see cref="EntityReference"/> for lookups (keyed by the lookup's logical name).
/// </summary>
public sealed partial class DataverseEmulator
{
    /// <summary>Inserts a row; returns its id (the primary key value when given, a new one otherwise).</summary>
    public Guid Seed(string table, IReadOnlyDictionary<string, object?> values)
    {
        lock (context.Store.Gate)
        {
            var data = context.Store.Require(table);
            var copy = Checked(data, values);
            var id = copy.Remove(data.Definition.PrimaryIdAttribute, out var given) && given is Guid g ? g : Guid.NewGuid();
            return context.Store.Insert(data, id, copy).Id;
        }
    }

    /// <summary>Inserts many rows under one lock (bulk test data, as an import would); returns their ids in order.</summary>
    public IReadOnlyList<Guid> SeedMany(string table, IEnumerable<IReadOnlyDictionary<string, object?>> rows)
    {
        lock (context.Store.Gate)
        {
            var data = context.Store.Require(table);
            var ids = new List<Guid>();
            foreach (var values in rows)
            {
                var copy = Checked(data, values);
                var id = copy.Remove(data.Definition.PrimaryIdAttribute, out var given) && given is Guid g ? g : Guid.NewGuid();
                ids.Add(context.Store.Insert(data, id, copy).Id);
            }
            return ids;
        }
    }

    /// <summary>Changes columns of a row, as a user editing it in Dynamics 365 would.</summary>
    public void Change(string table, Guid id, IReadOnlyDictionary<string, object?> values)
    {
        lock (context.Store.Gate)
        {
            var data = context.Store.Require(table);
            var row = data.Find(id) ?? throw new KeyNotFoundException($"{table} {id} does not exist.");
            context.Store.Update(data, row, Checked(data, values));
        }
    }

    /// <summary>Deletes a row; change tracking reports it as a $deletedEntity.</summary>
    public void Delete(string table, Guid id)
    {
        lock (context.Store.Gate)
        {
            var data = context.Store.Require(table);
            var row = data.Find(id) ?? throw new KeyNotFoundException($"{table} {id} does not exist.");
            context.Store.Delete(data, row);
        }
    }

    /// <summary>Completes a task the way a CSM does in Dynamics 365: statecode 1, statuscode 5, cs_outcome, actualend now.</summary>
    public void CompleteTask(Guid taskId, string outcome) => Change("task", taskId, new Dictionary<string, object?>
    {
        ["statecode"] = 1,
        ["statuscode"] = 5,
        ["cs_outcome"] = outcome,
        ["actualend"] = Options.Time.GetUtcNow(),
    });

    /// <summary>A copy of a row's values, or null when it does not exist.</summary>
    public IReadOnlyDictionary<string, object?>? Find(string table, Guid id)
    {
        lock (context.Store.Gate)
        {
            return context.Store.Require(table).Find(id)?.Values.ToDictionary();
        }
    }

    /// <summary>Copies of every row of a table, in primary key order.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, object?>> Rows(string table)
    {
        lock (context.Store.Gate)
        {
            return context.Store.Require(table).Rows.Select(r => (IReadOnlyDictionary<string, object?>)r.Values.ToDictionary()).ToList();
        }
    }

    public int Count(string table)
    {
        lock (context.Store.Gate)
        {
            return context.Store.Require(table).Count;
        }
    }

    /// <summary>Finishes every pending alternate-key index job now (Active, or Failed when rows already break the key).</summary>
    public void ActivatePendingKeys()
    {
        lock (context.Store.Gate)
        {
            var writes = new MetadataWrites(context);
            foreach (var table in context.Store.Tables)
            {
                foreach (var key in table.Definition.Keys.Where(k => k.Status == KeyStatus.Pending))
                {
                    writes.Activate(table, key);
                }
            }
        }
    }

    /// <summary>Turns change tracking on or off for a table (an admin switch; the Web API itself cannot turn it off).</summary>
    public void SetChangeTracking(string table, bool enabled)
    {
        lock (context.Store.Gate)
        {
            context.Store.Require(table).Definition.ChangeTrackingEnabled = enabled;
            context.Store.SchemaChanged();
        }
    }

    /// <summary>Every delta token issued so far answers ExpiredVersionStamp from now on.</summary>
    public void ExpireDeltaTokens()
    {
        lock (context.Store.Gate)
        {
            context.Faults.ExpireDeltaTokensUpTo(context.Store.CurrentVersion);
        }
    }

    /// <summary>Takes a privilege (prvReadAccount, prvWriteActivity, prvCreatecs_Subscription…) from the application user: its requests answer 403.</summary>
    public void RevokePrivilege(string privilege)
    {
        lock (context.Store.Gate)
        {
            context.RevokedPrivileges.Add(privilege);
        }
    }

    private void SeedApplicationUser() => Seed("systemuser", new Dictionary<string, object?>
    {
        ["systemuserid"] = Options.ApplicationUserId,
        ["fullname"] = "# CrmSuite application user",
        ["isdisabled"] = false,
    });

    private static Dictionary<string, object?> Checked(TableData table, IReadOnlyDictionary<string, object?> values)
    {
        foreach (var name in values.Keys.Where(n => table.Definition.Column(n) is null))
        {
            throw new ArgumentException($"{table.Definition.LogicalName} has no column '{name}' (create custom columns through the metadata endpoints first).", nameof(values));
        }
        return values.ToDictionary(p => p.Key, p => p.Value);
    }
}
