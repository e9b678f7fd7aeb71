namespace Grok2Api.Proxy.Upstream;

/// <summary>What to do after a failed attempt: wait <see cref="Delay"/> and retry, or stop.</summary>
internal readonly record struct RetryDecision(bool ShouldRetry, TimeSpan Delay, RetryStopReason StopReason)
{
    public static RetryDecision Stop(RetryStopReason reason) => new(false, TimeSpan.Zero, reason);

    public static RetryDecision RetryAfter(TimeSpan delay) => new(true, delay, RetryStopReason.None);
}
