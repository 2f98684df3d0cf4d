using System.Collections.Concurrent;
using System.Threading.Channels;

namespace CrmSuite.Connector.Metrics;

/// <summary>
/// Runs a streamed read on a thread of its own, a few batches ahead of the code folding it, so that on two cores reading
/// the store (SQLite stepping, parsing each row) and folding the rows overlap instead of taking turns. The source is
/// enumerated entirely on that thread (its connection is never shared); its exception reaches the consumer unchanged;
/// a consumer that stops early stops the read and waits for it, so the connection is closed when the enumeration ends.
/// </summary>
internal static class ReadAhead
{
    // Batches of a few hundred rows keep each array below the large-object heap; a handful in flight bounds the memory.
    private const int BatchSize = 256;
    private const int BatchesAhead = 8;

    public static IEnumerable<T> Of<T>(IEnumerable<T> source)
    {
        var channel = Channel.CreateBounded<(T[] Items, int Count)>(new BoundedChannelOptions(BatchesAhead) { SingleReader = true, SingleWriter = true });
        var free = new ConcurrentQueue<T[]>();
        using var stop = new CancellationTokenSource();
        var producer = Task.Run(() => ProduceAsync(source, channel.Writer, free, stop.Token));
        try
        {
            while (channel.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
            {
                while (channel.Reader.TryRead(out var batch))
                {
                    for (var i = 0; i < batch.Count; i++)
                    {
                        yield return batch.Items[i];
                    }

                    free.Enqueue(batch.Items);
                }
            }

            // The read's own failure, as it was thrown.
            producer.GetAwaiter().GetResult();
        }
        finally
        {
            stop.Cancel();
            try
            {
                producer.Wait();
            }
            catch (AggregateException)
            {
                // Stopped early (the consumer's exception, or its break, is what the caller sees), or already rethrown above.
            }
        }
    }

    private static async Task ProduceAsync<T>(IEnumerable<T> source, ChannelWriter<(T[] Items, int Count)> writer, ConcurrentQueue<T[]> free, CancellationToken stop)
    {
        try
        {
            var batch = new T[BatchSize];
            var count = 0;
            try
            {
                foreach (var item in source)
                {
                    batch[count++] = item;
                    if (count == BatchSize)
                    {
                        await writer.WriteAsync((batch, count), stop);
                        batch = free.TryDequeue(out var reused) ? reused : new T[BatchSize];
                        count = 0;
                    }
                }
            }
            finally
            {
                // The rows read before the read failed reach the consumer before its failure does, as without read-ahead.
                if (count > 0 && !stop.IsCancellationRequested)
                {
                    await writer.WriteAsync((batch, count), stop);
                }
            }
        }
        finally
        {
            writer.TryComplete();
        }
    }
}
