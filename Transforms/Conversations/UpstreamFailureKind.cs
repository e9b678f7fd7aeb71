namespace Grok2Api.Transforms.Conversations;

/// <summary>
/// What went wrong with an upstream call: the one failure vocabulary of the gateway. The upstream
/// clients, the attempt pipeline, the metrics, the token pool and every client protocol speak it.
/// </summary>
public enum UpstreamFailureKind
{
    /// <summary>No account of the right pool was available (all busy, cooling, expired or out of quota).</summary>
    NoAccount,

    /// <summary>The account is rate limited or out of quota: HTTP 429, or a usage-limit line in the stream.</summary>
    RateLimited,

    /// <summary>The account's credential was rejected: HTTP 401.</summary>
    Unauthorized,

    /// <summary>Cloudflare or the upstream's anti-bot check refused the request (HTTP 403, or an anti-bot line); not the account's fault.</summary>
    Forbidden,

    /// <summary>HTTP 5xx.</summary>
    ServerError,

    /// <summary>Another status that is not a success (an unexpected 4xx, 1xx or 3xx).</summary>
    UnexpectedStatus,

    /// <summary>The connection could not be made, or broke (reset, proxy failure, TLS, connect timeout).</summary>
    Network,

    /// <summary>No answer within the call's time limit (for a stream: the first line did not come in time).</summary>
    Timeout,

    /// <summary>A stream that had started went silent for longer than its silence limit.</summary>
    Stalled,

    /// <summary>The upstream reported an error inside its answer, or sent something that could not be translated.</summary>
    StreamError,

    /// <summary>The upstream ended its answer without any content.</summary>
    EmptyAnswer,

    /// <summary>A buffered answer was larger than the call allows.</summary>
    ResponseTooLarge,

    /// <summary>The call could not be built from the configuration (an unusable URL, proxy or token); nothing was sent.</summary>
    Configuration,

    /// <summary>
    /// The upstream refused the content itself: an image prompt it blocks (medium images, never a
    /// final one) or a video it moderates. Another account would refuse it too, so no other account is
    /// tried; the account is not at fault and is not charged.
    /// </summary>
    ContentBlocked,

    /// <summary>
    /// The model's answer broke the tool-call protocol (docs/tool-calling.md): a block whose JSON does
    /// not parse, that names a tool the request did not offer, or no call where the request required
    /// one. The account is not at fault and is not charged; another attempt asks the model again.
    /// </summary>
    InvalidToolCall,
}
