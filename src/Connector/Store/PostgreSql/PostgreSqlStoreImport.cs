using System.Globalization;
using Npgsql;
using NpgsqlTypes;

namespace CrmSuite.Connector.Store.PostgreSql;

/// <summary>
/// <c>crmsuite store migrate --to postgresql</c>'s target: the PostgreSQL state store, migrated to the latest schema, then
/// filled from another store with binary COPY in ONE transaction; each table is read back inside that transaction and
/// its row count and checksum compared with the source's before anything commits.
/// </summary>
internal sealed class PostgreSqlStoreImport(string connectionString, TimeProvider time) : IStoreImport
{
    public string Location { get; } = PostgreSqlConnections.Describe(connectionString);

    public async Task<StoreCopyResult> ImportAsync(IStoreExport source, IProgress<TableCopied>? progress, CancellationToken cancellationToken)
    {
        try
        {
            await using var store = await PostgreSqlStateStore.OpenAsync(connectionString, time, cancellationToken);
            await using var connection = await store.DataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var result = await CopyAsync(connection, source, progress, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return result;
        }
        catch (Exception ex) when (ex is NpgsqlException or StoreUnavailableException)
        {
            throw new StoreCopyException($"{Location}: {ex.Message}; nothing was copied.");
        }
    }

    private async Task<StoreCopyResult> CopyAsync(NpgsqlConnection connection, IStoreExport source, IProgress<TableCopied>? progress, CancellationToken cancellationToken)
    {
        var held = new List<(string Table, long Rows)>();
        foreach (var table in StoreTables.All)
        {
            await using var count = new NpgsqlCommand($"SELECT COUNT(*) FROM {table.Name}", connection);
            held.Add((table.Name, Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture)));
        }

        if (held.Any(h => h.Rows > 0))
        {
            return await CompareAsync(connection, source, held, cancellationToken);
        }

        var copied = new List<TableCopied>();
        foreach (var table in StoreTables.All)
        {
            using var expected = new TableDigest();
            await using (var import = await connection.BeginBinaryImportAsync($"COPY {table.Name} ({table.ColumnList}) FROM STDIN (FORMAT BINARY)", cancellationToken))
            {
                await foreach (var row in source.ReadAsync(table, cancellationToken))
                {
                    expected.Add(row);
                    await import.StartRowAsync(cancellationToken);
                    for (var i = 0; i < row.Length; i++)
                    {
                        await WriteAsync(import, row[i], table.Columns[i].Kind, cancellationToken);
                    }
                }

                await import.CompleteAsync(cancellationToken);
            }

            var (rows, checksum) = await DigestAsync(connection, table, cancellationToken);
            var sourceChecksum = expected.Finish();
            if (rows != expected.Rows || checksum != sourceChecksum)
            {
                throw new StoreCopyException(
                    $"{table.Name}: {source.Location} has {expected.Rows} rows (sha256 {sourceChecksum}), {Location} read back {rows} (sha256 {checksum}); nothing was copied.");
            }

            if (table.Identity is { } identity)
            {
                // The store numbers its next rows after the copied ones.
                await using var next = new NpgsqlCommand(
                    $"SELECT setval(pg_get_serial_sequence('{table.Name}', '{identity}'), COALESCE(MAX({identity}), 0) + 1, false) FROM {table.Name}", connection);
                await next.ExecuteNonQueryAsync(cancellationToken);
            }

            var done = new TableCopied(table.Name, rows, checksum);
            copied.Add(done);
            progress?.Report(done);
        }

        return new StoreCopyResult(copied, AlreadyCopied: false);
    }

    // A target that holds rows is left alone: it is this source copied before (a re-run), or it is refused.
    private async Task<StoreCopyResult> CompareAsync(NpgsqlConnection connection, IStoreExport source, List<(string Table, long Rows)> held, CancellationToken cancellationToken)
    {
        var tables = new List<TableCopied>();
        foreach (var table in StoreTables.All)
        {
            using var expected = new TableDigest();
            await foreach (var row in source.ReadAsync(table, cancellationToken))
            {
                expected.Add(row);
            }

            var (rows, checksum) = await DigestAsync(connection, table, cancellationToken);
            if (rows != expected.Rows || checksum != expected.Finish())
            {
                var holds = string.Join(", ", held.Where(h => h.Rows > 0).Select(h => $"{h.Table} {h.Rows}"));
                throw new StoreCopyException(
                    $"{Location} already holds a state store ({holds} rows) that differs from {source.Location} (first in {table.Name}); nothing was copied. "
                    + "Migrate into an empty database.");
            }

            tables.Add(new TableCopied(table.Name, rows, checksum));
        }

        return new StoreCopyResult(tables, AlreadyCopied: true);
    }

    private static async Task<(long Rows, string Checksum)> DigestAsync(NpgsqlConnection connection, StoreTable table, CancellationToken cancellationToken)
    {
        using var digest = new TableDigest();
        await using var command = new NpgsqlCommand($"SELECT {table.ColumnList} FROM {table.Name} ORDER BY {string.Join(", ", table.Key)}", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var row = new object?[table.Columns.Count];
        while (await reader.ReadAsync(cancellationToken))
        {
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : table.Columns[i].Kind switch
                {
                    StoreValueKind.Text => reader.GetString(i),
                    StoreValueKind.Int32 => reader.GetInt32(i),
                    StoreValueKind.Int64 => reader.GetInt64(i),
                    StoreValueKind.Timestamp => reader.ReadUtc(i),
                    StoreValueKind.Date => reader.GetFieldValue<DateOnly>(i),
                    StoreValueKind.Decimal => reader.GetDecimal(i),
                    _ => reader.GetFieldValue<int[]>(i),
                };
            }

            digest.Add(row);
        }

        return (digest.Rows, digest.Finish());
    }

    private static Task WriteAsync(NpgsqlBinaryImporter import, object? value, StoreValueKind kind, CancellationToken cancellationToken) => value is null
        ? import.WriteNullAsync(cancellationToken)
        : kind switch
        {
            StoreValueKind.Text => import.WriteAsync((string)value, NpgsqlDbType.Text, cancellationToken),
            StoreValueKind.Int32 => import.WriteAsync((int)value, NpgsqlDbType.Integer, cancellationToken),
            StoreValueKind.Int64 => import.WriteAsync((long)value, NpgsqlDbType.Bigint, cancellationToken),
            StoreValueKind.Timestamp => import.WriteAsync(((DateTimeOffset)value).UtcDateTime, NpgsqlDbType.TimestampTz, cancellationToken),
            StoreValueKind.Date => import.WriteAsync((DateOnly)value, NpgsqlDbType.Date, cancellationToken),
            StoreValueKind.Decimal => import.WriteAsync((decimal)value, NpgsqlDbType.Numeric, cancellationToken),
            _ => import.WriteAsync((int[])value, NpgsqlDbType.Array | NpgsqlDbType.Integer, cancellationToken),
        };
}
