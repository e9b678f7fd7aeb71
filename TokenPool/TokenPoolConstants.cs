namespace Grok2Api.TokenPool;

/// <summary>Fixed values of the token pool.</summary>
internal static class TokenPoolConstants
{
    /// <summary>Quota of a new ssoBasic token (docs/grok-protocol.md §9.4).</summary>
    public const int DefaultBasicQuota = 80;

    /// <summary>Quota of a new ssoSuper token.</summary>
    public const int DefaultSuperQuota = 140;

    /// <summary>Largest admin listing page.</summary>
    public const int MaxPageSize = 500;

    /// <summary>Failure reason recorded when the quota re-sync is refused with 401.</summary>
    public const string RateLimitsAuthFailed = "rate_limits_auth_failed";

    /// <summary>Default failure reasons per outcome, when the caller gives none.</summary>
    public const string RateLimited = "rate_limited";

    public const string Unauthorized = "unauthorized";

    public const string Forbidden = "forbidden";

    /// <summary>How often the refresh scheduler looks for tokens due a re-sync.</summary>
    public static readonly TimeSpan RefreshTick = TimeSpan.FromMinutes(1);

    /// <summary>The least time between two re-sync runs started because a request found no account (<see cref="Refresh.TokenRefreshNudge"/>).</summary>
    public static readonly TimeSpan NudgeGap = TimeSpan.FromSeconds(15);

    public static int DefaultQuotaOf(string pool) =>
        pool == Storage.Tokens.TokenPools.Super ? DefaultSuperQuota : DefaultBasicQuota;
}
