namespace Grok2Api.Proxy.Upstream;

/// <summary>Why the retry policy gave up (or <see cref="None"/> when it retries).</summary>
internal enum RetryStopReason
{
    /// <summary>Not stopped: retry after the delay.</summary>
    None,

    /// <summary>The status is not in the retryable list (or the failure is not transient).</summary>
    NotRetryable,

    /// <summary><c>retry.max_retry</c> total attempts were made.</summary>
    AttemptsExhausted,

    /// <summary>The next delay would take the accumulated delay past <c>retry.retry_budget</c>.</summary>
    BudgetExhausted,

    /// <summary>The upstream's Retry-After is longer than the remaining budget: better switch tokens.</summary>
    RetryAfterBeyondBudget,
}
