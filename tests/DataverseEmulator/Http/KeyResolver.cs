using CrmSuite.DataverseEmulator.Schema;
using CrmSuite.DataverseEmulator.Store;
using Microsoft.OData.UriParser;

namespace CrmSuite.DataverseEmulator.Http;

/// <summary>A row addressed by a URL key: by primary key <c>(guid)</c> or by an alternate key <c>(cs_stepkey='x')</c>.</summary>
internal sealed record RowAddress(TableData Table, Guid? Id, AlternateKeyDefinition? Key, IReadOnlyList<object?> KeyValues)
{
    public Row? Find() => Id is Guid id ? Table.Find(id) : Table.FindByKey(Key!, KeyValues) is Guid found ? Table.Find(found) : null;

    public string Describe() => Id is Guid id
        ? $"{Table.Definition.LogicalName} With Id = {id:D} Does Not Exist"
        : $"A record with the specified key values does not exist in {Table.Definition.LogicalName} entity ({string.Join(",", Key!.KeyAttributes.Zip(KeyValues, (a, v) => $"{a}:{v}"))}).";

    public DataverseException NotFound() =>
        new(404, Id is null ? ErrorCodes.RowNotFoundByAlternateKey : ErrorCodes.ObjectDoesNotExist, Describe());
}

internal static class KeyResolver
{
    // use-alternate-key-reference-record.md: key values containing these characters cannot be used in a URL.
    private static readonly char[] Forbidden = ['/', '<', '>', '*', '%', '&', ':', '\\', '?', '+'];

    public static RowAddress Resolve(TableData table, KeySegment segment, string rawUrl)
    {
        var definition = table.Definition;
        var keys = segment.Keys.ToList();
        if (keys.Count == 1 && keys[0].Key == definition.PrimaryIdAttribute)
        {
            // systemuser and activities inherit their key (principal, activitypointer): the named form does not work for systemuser.
            if (definition.LogicalName == "systemuser" && rawUrl.Contains("(systemuserid=", StringComparison.OrdinalIgnoreCase))
            {
                throw new DataverseException(400, ErrorCodes.QueryError,
                    "The key 'systemuserid' is not a valid key name for systemusers: address a user by its bare id, systemusers(<guid>).");
            }
            return new RowAddress(table, (Guid)keys[0].Value, null, []);
        }
        var names = keys.Select(k => k.Key).ToHashSet(StringComparer.Ordinal);
        var key = definition.Keys.FirstOrDefault(k =>
            k.KeyAttributes.Count == names.Count && k.KeyAttributes.All(a => names.Contains(definition.Column(a)!.ValuePropertyName)))
            ?? throw new DataverseException(400, ErrorCodes.QueryError, $"No alternate key of {definition.LogicalName} is made of {string.Join(", ", names)}.");
        if (key.Status != KeyStatus.Active)
        {
            throw new DataverseException(400, ErrorCodes.KeyNotActive,
                $"The entity key {key.LogicalName} of {definition.LogicalName} is not active yet (EntityKeyIndexStatus: {key.Status}): rows cannot be addressed by it until its index is built.");
        }
        var values = new List<object?>();
        foreach (var attribute in key.KeyAttributes)
        {
            var column = definition.Column(attribute)!;
            var value = keys.First(k => k.Key == column.ValuePropertyName).Value;
            if (value is string text && text.IndexOfAny(Forbidden) >= 0)
            {
                throw new DataverseException(400, ErrorCodes.QueryError,
                    $"The alternate key value '{text}' contains a character (one of / < > * % & : \\ ? +) that cannot be used to address a row in a URL.");
            }
            values.Add(column.IsLookup && value is Guid g ? new EntityReference(column.Targets[0].Table, g) : value);
        }
        return new RowAddress(table, null, key, values);
    }
}
