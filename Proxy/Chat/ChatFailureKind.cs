namespace Grok2Api.Proxy.Chat;

/// <summary>Why an attempt (or the whole request) did not produce an answer.</summary>
internal enum ChatFailureKind
{
    /// <summary>No token of the right pool had quota left.</summary>
    NoToken,

    /// <summary>The account is rate limited or out of quota (429, or a usage-limit line).</summary>
    RateLimited,

    /// <summary>The account's credential was rejected (401).</summary>
    Unauthorized,

    /// <summary>Cloudflare or an anti-bot check refused the request (403, or an anti-bot line).</summary>
    Forbidden,

    /// <summary>The upstream answered 5xx or another unexpected status.</summary>
    UpstreamError,

    /// <summary>The connection failed or was reset.</summary>
    Network,

    /// <summary>The answer did not start within <c>chat.timeout</c>.</summary>
    StartTimeout,

    /// <summary>The answer went silent for longer than <c>chat.stream_timeout</c>.</summary>
    Stalled,

    /// <summary>The upstream reported an error inside the stream.</summary>
    StreamError,

    /// <summary>The upstream ended the answer without any content.</summary>
    EmptyAnswer,

    /// <summary>The gateway could not build the call (configuration).</summary>
    Configuration,
}
