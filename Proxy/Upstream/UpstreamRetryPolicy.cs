namespace Grok2Api.Proxy.Upstream;

/// <summary>
/// Starts retry sessions from the live <c>[retry]</c> config. Attempts are <c>retry.max_retry</c>
/// total tries; statuses in <c>retry.retry_status_codes</c> (minus the caller's exclusions, e.g.
/// 429 on the chat path, which switches tokens instead) and transient network errors are retried;
/// delays use full jitter, decorrelated jitter for 429, or the upstream's Retry-After, within
/// <c>retry.retry_budget</c>. Thread-safe.
/// </summary>
internal sealed class UpstreamRetryPolicy(IUpstreamRandom random)
{
    public RetrySession Begin(RetrySection settings, IEnumerable<int> excludedStatuses)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(excludedStatuses);
        return new RetrySession(settings, excludedStatuses, random);
    }
}
