namespace Grok2Api.Proxy.Upstream;

/// <summary>
/// The one retry and backoff mechanism (docs/grok-protocol.md §7): how many attempts, after what
/// delay, within <c>retry.max_retry</c>, the backoff settings and <c>retry.retry_budget</c>. An upstream
/// call retried on the same account asks <see cref="Next(UpstreamFailure, bool)"/>; the attempt pipeline,
/// which moves to another account, asks <see cref="NextAccount"/>. Not thread-safe: one call, one session.
/// </summary>
internal sealed class RetrySession
{
    private const int TooManyRequests = 429;

    private readonly RetrySection _settings;
    // Both lists hold a handful of codes: a scan beats building a set for every call.
    private readonly IReadOnlyList<int> _retryStatuses;
    private readonly IReadOnlyList<int> _excludedStatuses;
    private readonly IUpstreamRandom _random;
    private readonly TimeSpan _budget;
    private readonly double _maxSeconds;
    private double _previousRateLimitDelay;

    public RetrySession(RetrySection settings, IEnumerable<int> excludedStatuses, IUpstreamRandom random)
    {
        _settings = settings;
        _random = random;
        _retryStatuses = settings.RetryStatusCodes;
        _excludedStatuses = excludedStatuses as IReadOnlyList<int> ?? [.. excludedStatuses];
        _budget = Seconds(settings.RetryBudget);
        _maxSeconds = Math.Max(0, settings.RetryBackoffMax);
        _previousRateLimitDelay = Math.Max(0, settings.RetryBackoffBase);
    }

    /// <summary>Attempts finished so far.</summary>
    public int Attempts { get; private set; }

    /// <summary>Delay granted so far.</summary>
    public TimeSpan TotalDelay { get; private set; }

    /// <summary>Whether a status is retried by this session.</summary>
    public bool IsRetryable(int status) => _retryStatuses.Contains(status) && !_excludedStatuses.Contains(status);

    /// <summary>
    /// Records a failed attempt on the same account and decides: a failure that repeating cannot fix
    /// (a time-out, a too-large answer, an unusable configuration, a status outside
    /// <c>retry.retry_status_codes</c>) stops at once.
    /// </summary>
    /// <param name="failure">What failed.</param>
    /// <param name="retryNetworkErrors">Whether a broken connection may be retried (a POST the upstream may have acted on may not).</param>
    public RetryDecision Next(UpstreamFailure failure, bool retryNetworkErrors = true)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return failure.Kind switch
        {
            UpstreamFailureKind.Network when retryNetworkErrors => Next(null, failure.RetryAfter),
            UpstreamFailureKind.RateLimited or UpstreamFailureKind.Unauthorized or UpstreamFailureKind.Forbidden
                or UpstreamFailureKind.ServerError or UpstreamFailureKind.UnexpectedStatus when failure.Status is { } status => Next(status, failure.RetryAfter),
            _ => RetryDecision.Stop(RetryStopReason.NotRetryable),
        };
    }

    /// <summary>
    /// Records a failed attempt on one account and decides whether another account is tried, and
    /// when: at once after a failure tied to the account (a rate limit, a rejected credential, a
    /// time-out), after a backoff after a failure on the upstream's side (5xx, a broken connection,
    /// an empty answer).
    /// </summary>
    /// <param name="failure">What failed.</param>
    public RetryDecision NextAccount(UpstreamFailure failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        Attempts++;
        if (failure.Kind == UpstreamFailureKind.ContentBlocked)
        {
            return RetryDecision.Stop(RetryStopReason.NotRetryable);
        }

        if (Attempts >= Math.Max(1, _settings.MaxRetry))
        {
            return RetryDecision.Stop(RetryStopReason.AttemptsExhausted);
        }

        return failure.WantsBackoff ? Delay(failure.Status, failure.RetryAfter) : RetryDecision.RetryAfter(TimeSpan.Zero);
    }

    /// <summary>
    /// Records a failed attempt and decides. <paramref name="status"/> is the HTTP status, or null
    /// for a transient network error (which is always retryable).
    /// </summary>
    public RetryDecision Next(int? status, TimeSpan? retryAfter)
    {
        Attempts++;
        if (status is { } code && !IsRetryable(code))
        {
            return RetryDecision.Stop(RetryStopReason.NotRetryable);
        }

        if (Attempts >= Math.Max(1, _settings.MaxRetry))
        {
            return RetryDecision.Stop(RetryStopReason.AttemptsExhausted);
        }

        return Delay(status, retryAfter);
    }

    private RetryDecision Delay(int? status, TimeSpan? retryAfter)
    {
        TimeSpan delay;
        if (retryAfter is { } wait)
        {
            if (wait > _budget - TotalDelay)
            {
                return RetryDecision.Stop(RetryStopReason.RetryAfterBeyondBudget);
            }

            delay = Seconds(Math.Min(wait.TotalSeconds, _maxSeconds));
        }
        else if (status == TooManyRequests)
        {
            delay = Seconds(DecorrelatedJitter());
        }
        else
        {
            delay = Seconds(FullJitter());
        }

        if (TotalDelay + delay > _budget)
        {
            return RetryDecision.Stop(RetryStopReason.BudgetExhausted);
        }

        TotalDelay += delay;
        return RetryDecision.RetryAfter(delay);
    }

    // uniform(0, min(base × factor^attempt, max)), attempt counting from 1 (docs/grok-protocol.md §7.2).
    private double FullJitter()
    {
        var ceiling = Math.Min(Math.Max(0, _settings.RetryBackoffBase) * Math.Pow(_settings.RetryBackoffFactor, Attempts), _maxSeconds);
        return _random.NextDouble() * ceiling;
    }

    // uniform(base, 3 × previous), capped; the first "previous" is the base (docs/grok-protocol.md §7.2).
    private double DecorrelatedJitter()
    {
        var low = Math.Max(0, _settings.RetryBackoffBase);
        var high = Math.Max(low, 3 * _previousRateLimitDelay);
        var delay = Math.Min(low + (_random.NextDouble() * (high - low)), _maxSeconds);
        _previousRateLimitDelay = delay;
        return delay;
    }

    private static TimeSpan Seconds(double seconds) =>
        double.IsFinite(seconds) && seconds > 0 ? TimeSpan.FromSeconds(Math.Min(seconds, TimeSpan.MaxValue.TotalSeconds / 2)) : TimeSpan.Zero;
}
