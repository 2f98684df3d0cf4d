using System.Globalization;

namespace CrmSuite.Connector.Locking;

/// <summary>Which of a data folder's files a verb writes.</summary>
[Flags]
internal enum DataWrites
{
    None = 0,
    Crm = 1,
    State = 2,
    Both = Crm | State,
}

/// <summary>A data file a writing process must hold alone (the state store, the embedded CRM); each adapter registers its own.</summary>
internal sealed record DataFile(string Path, DataWrites Role);

/// <summary>Another process holds a data file: the message names the file and the holder.</summary>
internal sealed class DataFileBusyException(string message) : Exception(message);

/// <summary>
/// One writer per data file: every verb that writes, and the host for its whole life, holds an exclusive lock on
/// <c>&lt;file&gt;.lock</c> beside each of its data files (an OS file lock, so the kernel releases it when the process
/// ends, however it ends), and writes who it is to <c>&lt;file&gt;.lock.owner</c> for the message a second writer gets.
/// </summary>
internal sealed class WriterLock : IDisposable
{
    private readonly List<IDisposable> _locks;

    private WriterLock(List<IDisposable> locks) => _locks = locks;

    /// <summary>Takes every file's lock, or none: throws <see cref="DataFileBusyException"/> naming the first file held elsewhere.</summary>
    public static WriterLock Acquire(IEnumerable<DataFile> files, string holder, TimeProvider time) => Acquire(files, [], holder, time);

    /// <summary>
    /// Takes every file's lock and every database claim, or none: throws <see cref="DataFileBusyException"/> naming the
    /// first file or database held elsewhere, and its holder.
    /// </summary>
    public static WriterLock Acquire(IEnumerable<DataFile> files, IEnumerable<IWriterClaim> claims, string holder, TimeProvider time)
    {
        var locks = new List<IDisposable>();
        try
        {
            // A fixed order, so two processes taking the same files never wait on each other crosswise.
            foreach (var path in files.Select(f => Path.GetFullPath(f.Path)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            {
                locks.Add(Take(path) ?? throw new DataFileBusyException(Busy(path)));
                File.WriteAllText(path + ".lock.owner",
                    $"{holder} (pid {Environment.ProcessId}, since {time.GetUtcNow().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}Z)");
            }

            foreach (var claim in claims)
            {
                locks.Add(claim.TryTake($"{holder} (pid {Environment.ProcessId})")
                    ?? throw new DataFileBusyException($"{claim.Resource} is in use by {claim.Holder() ?? "another process"}; one process writes a state store at a time."
                        + " Wait for it to finish, or stop it."));
            }

            return new WriterLock(locks);
        }
        catch
        {
            foreach (var taken in locks)
            {
                taken.Dispose();
            }

            throw;
        }
    }

    /// <summary>Who holds the file's lock now, or null when no process does.</summary>
    public static string? HolderOf(string path)
    {
        var full = Path.GetFullPath(path);
        using var probe = Take(full);
        return probe is null ? Owner(full) : null;
    }

    public void Dispose()
    {
        foreach (var taken in _locks)
        {
            taken.Dispose();
        }
    }

    // .NET takes an exclusive advisory lock (flock) for FileShare.None; a second taker fails at once.
    private static FileStream? Take(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        try
        {
            return new FileStream(path + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static string Busy(string path) =>
        $"{path} is in use by {Owner(path)}; one process writes a data folder at a time. Wait for it to finish, or stop it"
        + " (a running `crmsuite run` applies task outcomes and proposal answers itself: use its work queue).";

    private static string Owner(string path)
    {
        try
        {
            return File.ReadAllText(path + ".lock.owner");
        }
        catch (IOException)
        {
            return "another process";
        }
    }
}
