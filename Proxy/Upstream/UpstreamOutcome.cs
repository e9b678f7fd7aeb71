namespace Grok2Api.Proxy.Upstream;

/// <summary>How an upstream call ended; expected failures are values, never exceptions.</summary>
internal enum UpstreamOutcome
{
    /// <summary>A 2xx answer.</summary>
    Ok,

    /// <summary>401: the account credential was rejected.</summary>
    Unauthorized,

    /// <summary>403: Cloudflare or the upstream's anti-bot check (see <see cref="UpstreamForbiddenKind"/>); not the account's fault.</summary>
    Forbidden,

    /// <summary>429: the account is rate limited or out of quota.</summary>
    RateLimited,

    /// <summary>A 5xx answer.</summary>
    ServerError,

    /// <summary>Any other non-2xx answer (other 4xx, or an unexpected 1xx/3xx).</summary>
    ClientError,

    /// <summary>Connect failure, reset, proxy failure or another transport error.</summary>
    Network,

    /// <summary>The per-call timeout elapsed.</summary>
    Timeout,

    /// <summary>A buffered answer was larger than the call's limit; stream it instead.</summary>
    ResponseTooLarge,

    /// <summary>The request could not be built (unusable token, upstream URL or proxy config); nothing was sent.</summary>
    InvalidRequest,
}
