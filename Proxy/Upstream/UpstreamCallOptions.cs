namespace Grok2Api.Proxy.Upstream;

/// <summary>Per-call settings of an upstream call.</summary>
internal sealed record UpstreamCallOptions
{
    /// <summary>Longest per-attempt timeout accepted, whatever the config says.</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromMinutes(15);

    /// <summary>Default limit of a buffered answer body: 1 MiB.</summary>
    public const int DefaultMaxBodyBytes = 1024 * 1024;

    /// <summary>Defaults: 60 s timeout, the config's retry statuses, 1 MiB bodies.</summary>
    public static UpstreamCallOptions Default { get; } = new();

    /// <summary>
    /// A call made inside an attempt of the upstream pipeline: no retry on the same account (the
    /// pipeline moves to another one instead), and only a backstop timeout (the attempt's timer bounds
    /// the wait).
    /// </summary>
    public static UpstreamCallOptions PipelineAttempt { get; } = new()
    {
        Retry = false,
        RetryNetworkErrors = false,
        Timeout = MaxTimeout,
    };

    /// <summary>Timeout of each attempt (until the whole body is read; for streaming calls, until headers). Default 60 s, bounded by <see cref="MaxTimeout"/>.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Whether a failed attempt is retried on the same account (default true). The attempt pipeline
    /// turns it off: it moves to another account instead.
    /// </summary>
    public bool Retry { get; init; } = true;

    /// <summary>Statuses removed from <c>retry.retry_status_codes</c> for this call (the chat path removes 429).</summary>
    public IReadOnlyCollection<int> ExcludedRetryStatuses { get; init; } = [];

    /// <summary>
    /// Whether transient network errors are retried. Default true; a caller whose POST must not be
    /// repeated after the upstream may have acted on it can turn this off.
    /// </summary>
    public bool RetryNetworkErrors { get; init; } = true;

    /// <summary>
    /// Whether the handler follows redirects by itself; null (the default) keeps the endpoint's own
    /// policy (only asset downloads follow). A handler that follows a redirect sends the account's
    /// Cookie header to the new target, whatever its host, so a caller that must keep the cookie on
    /// one host sets false, gets the 3xx as an unexpected status with
    /// <see cref="UpstreamResult.Location"/>, and decides itself.
    /// </summary>
    public bool? FollowRedirects { get; init; }

    /// <summary>Largest answer body read into memory. Default 1 MiB.</summary>
    public int MaxBodyBytes { get; init; } = DefaultMaxBodyBytes;

    /// <summary>Options with the timeout of a config section, in seconds (e.g. <c>usage.timeout</c>).</summary>
    public static UpstreamCallOptions WithTimeoutSeconds(double seconds) => new() { Timeout = BoundTimeout(seconds) };

    /// <summary>Clamps a configured timeout to [100 ms, <see cref="MaxTimeout"/>]; non-finite values give the maximum.</summary>
    public static TimeSpan BoundTimeout(double seconds) =>
        double.IsFinite(seconds) ? TimeSpan.FromSeconds(Math.Clamp(seconds, 0.1, MaxTimeout.TotalSeconds)) : MaxTimeout;

    internal TimeSpan EffectiveTimeout => Timeout <= TimeSpan.Zero ? TimeSpan.FromMilliseconds(100) : Timeout > MaxTimeout ? MaxTimeout : Timeout;
}
