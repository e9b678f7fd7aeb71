namespace Grok2Api.TokenPool.Batching;

/// <summary>
/// The one batching loop of the service's account tasks (quota re-sync, the admin batch tasks): items go
/// in batches of <see cref="BatchLimits.BatchSize"/>, at most <see cref="BatchLimits.Concurrent"/> at
/// once; the limits are read again before each batch, so a config change applies to the rest of a
/// long run. A batch ends before the next one starts.
/// </summary>
public static class BatchRunner
{
    /// <summary>Runs <paramref name="work"/> once per item.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="items">The items, in order.</param>
    /// <param name="limits">Read before each batch.</param>
    /// <param name="work">Handles one item; it reports its own result and must not throw for an expected failure.</param>
    /// <param name="cancellationToken">Stops the run: calls in flight are cancelled and no further item starts.</param>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired.</exception>
    public static async Task RunAsync<T>(
        IReadOnlyList<T> items,
        Func<BatchLimits> limits,
        Func<T, BatchLimits, CancellationToken, ValueTask> work,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(work);
        for (var offset = 0; offset < items.Count;)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var current = limits();
            var count = Math.Min(Math.Max(1, current.BatchSize), items.Count - offset);
            var batch = new ArraySegment<T>([.. items.Skip(offset).Take(count)]);
            var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, current.Concurrent), CancellationToken = cancellationToken };
            await Parallel.ForEachAsync(batch, options, (item, token) => work(item, current, token));
            offset += count;
        }
    }
}
