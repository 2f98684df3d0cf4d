namespace CrmSuite.DataverseEmulator.Store;

/// <summary>One row write as the store is about to make it: the message, the row, its state before, the columns the write sets.</summary>
internal sealed record RowWrite(TableData Table, string Message, Guid Id, Row? Before, IReadOnlyDictionary<string, object?> Changes);

/// <summary>
/// Sees the store's writes, under its lock: <see cref="Before"/> may refuse a write (throw) or hand back the columns to store
/// instead; <see cref="After"/> sees the stored row (null after a Delete). Inside a change set, what happens after commit waits
/// for <see cref="Committed"/> and is dropped on <see cref="RolledBack"/>; a write outside one is committed at once.
/// </summary>
internal interface IWriteObserver
{
    IReadOnlyDictionary<string, object?> Before(RowWrite write);

    void After(RowWrite write, Row? stored);

    void Committed();

    void RolledBack();
}
