using Npgsql;

namespace CrmSuite.Connector.Store.PostgreSql;

/// <summary>Statements of one round trip: a page's writes (or loads) are sent together, each with positional parameters.</summary>
internal static class PgBatch
{
    public static NpgsqlBatchCommand Add(this NpgsqlBatch batch, string sql, params ReadOnlySpan<NpgsqlParameter> parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(parameter);
        }

        batch.BatchCommands.Add(command);
        return command;
    }

    public static NpgsqlParameter<T> P<T>(T value) => new() { TypedValue = value };

    /// <summary>A text that may be null (a typed parameter needs a value).</summary>
    public static NpgsqlParameter Text(string? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text };

    /// <summary>A time that may be null.</summary>
    public static NpgsqlParameter Time(DateTime? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz };

    /// <summary>UTC times as timestamptz (PostgreSQL keeps microseconds: a tick below that is dropped).</summary>
    public static DateTime Utc(DateTimeOffset at) => at.UtcDateTime;

    public static DateTimeOffset ReadUtc(this NpgsqlDataReader reader, int ordinal) => new(reader.GetFieldValue<DateTime>(ordinal), TimeSpan.Zero);

    /// <summary>
    /// The rows of <paramref name="items"/> with one row per key, the last one winning, as row-by-row upserts would leave
    /// them: one INSERT … ON CONFLICT DO UPDATE may not touch a row twice. The list itself when its keys are distinct.
    /// </summary>
    public static IReadOnlyList<T> LastPerKey<T, TKey>(IReadOnlyList<T> items, Func<T, TKey> key)
        where TKey : notnull
    {
        var seen = new HashSet<TKey>(items.Count);
        var distinct = true;
        foreach (var item in items)
        {
            distinct &= seen.Add(key(item));
        }

        if (distinct)
        {
            return items;
        }

        var last = new Dictionary<TKey, int>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            last[key(items[i])] = i;
        }

        return [.. last.Values.Order().Select(i => items[i])];
    }
}
