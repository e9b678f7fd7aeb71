namespace Grok2Api.TokenPool.Batching;

/// <summary>The limits of one batch of a batch run, read from the task's config section before each batch.</summary>
/// <param name="Concurrent">Items worked on at once (at least 1).</param>
/// <param name="BatchSize">Items per batch (at least 1).</param>
/// <param name="Timeout">The time limit of one upstream call.</param>
public readonly record struct BatchLimits(int Concurrent, int BatchSize, TimeSpan Timeout)
{
    /// <summary>Limits from a section's <c>concurrent</c>, <c>batch_size</c> and <c>timeout</c> (seconds), clamped to sane values.</summary>
    /// <param name="concurrent">Calls at once.</param>
    /// <param name="batchSize">Items per batch.</param>
    /// <param name="timeoutSeconds">Timeout of one call, in seconds.</param>
    public static BatchLimits Of(int concurrent, int batchSize, double timeoutSeconds) => new(
        Math.Max(1, concurrent),
        Math.Max(1, batchSize),
        double.IsFinite(timeoutSeconds) && timeoutSeconds > 0 ? TimeSpan.FromSeconds(Math.Min(timeoutSeconds, 86400)) : TimeSpan.FromSeconds(60));
}
