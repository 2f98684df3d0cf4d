using Microsoft.Data.Sqlite;

namespace CrmSuite.Connector.Sqlite;

/// <summary>
/// Checkpoints a WAL file on its own connection and thread, so the writer's commits do not stop to copy the log into the
/// database (with the writer's automatic checkpoint, a page commit of a sync spent about as long copying as writing).
/// Passive: it never blocks the writer or readers. The writer keeps a larger automatic checkpoint as the bound on the
/// log's size should this one fall behind.
/// </summary>
internal sealed class WalCheckpointer : IAsyncDisposable
{
    /// <summary>Commits between two checkpoints: the pages a sync's commits rewrite again and again are copied once.</summary>
    private const int CommitsPerCheckpoint = 4;

    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _checkpoint;
    private Task _running = Task.CompletedTask;
    private int _commits;

    private WalCheckpointer(SqliteConnection connection)
    {
        _connection = connection;
        _checkpoint = connection.CreateCommand();
        _checkpoint.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
    }

    public static WalCheckpointer Open(string path) => new(SqliteFile.Open(path));

    /// <summary>Counts a commit of the writer and starts a checkpoint in the background when one is due and none runs.</summary>
    public void Committed()
    {
        if (++_commits < CommitsPerCheckpoint || !_running.IsCompleted)
        {
            return;
        }

        _commits = 0;
        _running = Task.Run(Checkpoint);
    }

    public async ValueTask DisposeAsync()
    {
        await _running;
        await _checkpoint.DisposeAsync();
        await _connection.DisposeAsync();
    }

    private void Checkpoint()
    {
        try
        {
            _checkpoint.ExecuteNonQuery();
        }
        catch (SqliteException)
        {
            // A passive checkpoint that could not run changes nothing stored; the next one, or the writer's own, catches up.
        }
    }
}
