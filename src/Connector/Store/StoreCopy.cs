namespace CrmSuite.Connector.Store;

/// <summary>A whole state store read table by table, for copying it into another store.</summary>
internal interface IStoreExport
{
    /// <summary>Where the store lives, for messages.</summary>
    string Location { get; }

    /// <summary>The table's rows in key order, each value as <see cref="StoreValueKind"/> says.</summary>
    IAsyncEnumerable<object?[]> ReadAsync(StoreTable table, CancellationToken cancellationToken);
}

/// <summary>A state store that can take a whole other store's contents, all or nothing.</summary>
internal interface IStoreImport
{
    string Location { get; }

    /// <summary>
    /// Copies every table of <paramref name="source"/> in one transaction and checks, before it commits, that each table
    /// holds the source's row count and checksum; on any difference nothing is kept. A store that already holds exactly the
    /// source's rows is left as it is (a re-run after success); one holding other rows refuses with
    /// <see cref="StoreCopyException"/>.
    /// </summary>
    Task<StoreCopyResult> ImportAsync(IStoreExport source, IProgress<TableCopied>? progress, CancellationToken cancellationToken);
}

/// <summary>One table copied and verified: its rows and checksum on both sides.</summary>
internal sealed record TableCopied(string Table, long Rows, string Checksum);

/// <param name="AlreadyCopied">The target already held exactly the source's rows; nothing was written.</param>
internal sealed record StoreCopyResult(IReadOnlyList<TableCopied> Tables, bool AlreadyCopied);

/// <summary>The copy was refused, could not reach a store, or failed its check; the target is as it was before.</summary>
internal sealed class StoreCopyException(string message) : Exception(message);
