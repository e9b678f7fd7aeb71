namespace Grok2Api.Transforms.Conversations;

/// <summary>
/// A failed upstream call, as a value: its kind and the details the pool, the logs, the metrics and
/// the client's error need. <see cref="Detail"/> is written to be shown to a client: it never holds a
/// token, a cookie or an upstream body.
/// </summary>
/// <param name="Kind">What went wrong.</param>
/// <param name="Detail">A short description, e.g. <c>HTTP 502</c> or <c>no data for 60 s</c>.</param>
public sealed record UpstreamFailure(UpstreamFailureKind Kind, string Detail)
{
    private static readonly string[] Tags =
    [
        "no_account", "rate_limited", "unauthorized", "forbidden", "server_error", "unexpected_status", "network", "timeout",
        "stalled", "stream_error", "empty_answer", "response_too_large", "configuration", "content_blocked", "invalid_tool_call",
    ];

    /// <summary>The upstream HTTP status, when an answer arrived.</summary>
    public int? Status { get; init; }

    /// <summary>The upstream's Retry-After, when it sent one.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>For <see cref="UpstreamFailureKind.Forbidden"/>: what the refusal looked like.</summary>
    public ForbiddenReason Forbidden { get; init; }

    /// <summary>
    /// Whether the failure is on the upstream's side (5xx, an unexpected status, a broken connection, an
    /// empty answer), so the next try waits a backoff first; a failure tied to one account is tried again
    /// on another account at once.
    /// </summary>
    public bool WantsBackoff => Kind is UpstreamFailureKind.ServerError or UpstreamFailureKind.UnexpectedStatus
        or UpstreamFailureKind.Network or UpstreamFailureKind.EmptyAnswer;

    /// <summary>The snake_case name of <see cref="Kind"/>, as metrics and logs label it.</summary>
    public string Tag => TagOf(Kind);

    /// <summary>The snake_case name of a kind.</summary>
    /// <param name="kind">The kind.</param>
    public static string TagOf(UpstreamFailureKind kind) => Tags[(int)kind];

    /// <summary>The failure an HTTP status that is not a success means.</summary>
    /// <param name="status">The status.</param>
    /// <param name="retryAfter">The answer's Retry-After, if any.</param>
    /// <param name="forbidden">For a 403: what the refusal looked like.</param>
    public static UpstreamFailure FromStatus(int status, TimeSpan? retryAfter = null, ForbiddenReason forbidden = ForbiddenReason.None)
    {
        var kind = status switch
        {
            401 => UpstreamFailureKind.Unauthorized,
            403 => UpstreamFailureKind.Forbidden,
            429 => UpstreamFailureKind.RateLimited,
            >= 500 => UpstreamFailureKind.ServerError,
            _ => UpstreamFailureKind.UnexpectedStatus,
        };
        var detail = (kind, forbidden) switch
        {
            (UpstreamFailureKind.Forbidden, ForbiddenReason.CloudflareChallenge) => "403, a Cloudflare challenge",
            (UpstreamFailureKind.Forbidden, ForbiddenReason.AntiBot) => "403, an anti-bot rejection",
            _ => $"HTTP {status}",
        };
        return new UpstreamFailure(kind, detail)
        {
            Status = status,
            RetryAfter = retryAfter,
            Forbidden = kind == UpstreamFailureKind.Forbidden ? forbidden : ForbiddenReason.None,
        };
    }
}
