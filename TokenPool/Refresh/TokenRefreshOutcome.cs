namespace Grok2Api.TokenPool.Refresh;

/// <summary>How the re-sync of one token ended.</summary>
public enum TokenRefreshOutcome
{
    /// <summary>The upstream reported the remaining quota; the token was updated.</summary>
    Synced,

    /// <summary>The credential was rejected (401); the failure count grew.</summary>
    Unauthorized,

    /// <summary>Cloudflare or anti-bot rejection (403); nothing changed.</summary>
    Forbidden,

    /// <summary>The account is rate limited (429); the token is cooling with quota 0.</summary>
    RateLimited,

    /// <summary>Any other failure (5xx, network, timeout, no quota in the answer); nothing changed.</summary>
    Failed,

    /// <summary>No token has that id (or it was removed meanwhile).</summary>
    NotFound,

    /// <summary>Not asked: the token is disabled.</summary>
    Skipped,
}
