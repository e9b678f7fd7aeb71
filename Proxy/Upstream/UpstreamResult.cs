namespace Grok2Api.Proxy.Upstream;

/// <summary>The outcome of one logical upstream call, after retries.</summary>
/// <param name="Outcome">How it ended.</param>
/// <param name="StatusCode">The HTTP status of the last attempt, or null when no answer arrived.</param>
/// <param name="Attempts">Attempts made.</param>
internal sealed record UpstreamResult(UpstreamOutcome Outcome, int? StatusCode, int Attempts)
{
    /// <summary>The upstream's Retry-After of the last attempt, when it sent one.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>For <see cref="UpstreamOutcome.Forbidden"/>: what the 403 looked like.</summary>
    public UpstreamForbiddenKind ForbiddenKind { get; init; }

    /// <summary>The answer body (bounded by the call's limit); empty when none was read.</summary>
    public ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>The answer's media type, when it had one.</summary>
    public string? ContentType { get; init; }

    /// <summary>A short reason for logs and admin views; never contains tokens or whole bodies.</summary>
    public string? Detail { get; init; }

    /// <summary>For a 3xx answer: its Location, made absolute against the request URL; otherwise null.</summary>
    public Uri? Location { get; init; }

    /// <summary>Why retrying stopped, when the call did not succeed.</summary>
    public RetryStopReason StopReason { get; init; }

    public bool IsSuccess => Outcome == UpstreamOutcome.Ok;
}
