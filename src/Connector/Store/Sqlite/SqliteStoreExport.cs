using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using CrmSuite.Connector.Sqlite;

namespace CrmSuite.Connector.Store.Sqlite;

/// <summary>
/// An existing SQLite state store read table by table for <c>crmsuite store migrate</c>: brought to the latest schema
/// first (as any opening does), then read on a read-only connection. A missing file is refused, never created.
/// </summary>
internal sealed class SqliteStoreExport(string path, TimeProvider time) : IStoreExport, IAsyncDisposable
{
    private SqliteConnection? _connection;

    public string Location => path;

    public async IAsyncEnumerable<object?[]> ReadAsync(StoreTable table, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {table.ColumnList} FROM {table.Name} ORDER BY {string.Join(", ", table.Key)}";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var row = new object?[table.Columns.Count];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : Read(reader, i, table.Columns[i], table.Name);
            }

            yield return row;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
    }

    private async Task<SqliteConnection> OpenAsync()
    {
        if (_connection is not null)
        {
            return _connection;
        }

        if (!File.Exists(path))
        {
            throw new StoreCopyException($"{Path.GetFullPath(path)}: no SQLite state store there, nothing to migrate (Store:Sqlite:Path or --state-db names it).");
        }

        await SqliteStateStore.Open(path, time).DisposeAsync();
        _connection = SqliteFile.Open(path, readOnly: true);
        return _connection;
    }

    private static object Read(SqliteDataReader reader, int i, StoreColumn column, string table)
    {
        try
        {
            return column.Kind switch
            {
                StoreValueKind.Text => reader.GetString(i),
                StoreValueKind.Int32 => reader.GetInt32(i),
                StoreValueKind.Int64 => reader.GetInt64(i),
                StoreValueKind.Timestamp => DateTimeOffset.Parse(reader.GetString(i), CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
                StoreValueKind.Date => SqliteText.ParseDate(reader.GetString(i)),
                StoreValueKind.Decimal => SqliteText.ParseDecimal(reader.GetString(i)),
                _ => reader.GetString(i) is { Length: > 0 } steps
                    ? steps.Split(',').Select(s => int.Parse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)).ToArray()
                    : Array.Empty<int>(),
            };
        }
        catch (FormatException ex)
        {
            throw new StoreCopyException($"{table}.{column.Name}: cannot read '{reader.GetValue(i)}' as {column.Kind}: {ex.Message}");
        }
    }
}
