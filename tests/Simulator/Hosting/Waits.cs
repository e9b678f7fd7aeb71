namespace Grok2Api.Simulator.Hosting;

/// <summary>Cancellation-friendly waiting that reports instead of throwing.</summary>
internal static class Waits
{
    /// <summary>Waits <paramref name="delay"/> (infinite allowed); false when cancelled first.</summary>
    public static async Task<bool> DelayAsync(TimeSpan delay, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        if (delay == TimeSpan.Zero)
        {
            return !cancellationToken.IsCancellationRequested;
        }

        try
        {
            await Task.Delay(delay, timeProvider, cancellationToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
