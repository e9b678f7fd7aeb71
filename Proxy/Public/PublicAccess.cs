using Grok2Api.AdminApi.Security;

namespace Grok2Api.Proxy.Public;

/// <summary>
/// Who may use <c>/v1/public</c>: anyone while <c>app.public_key</c> is empty; otherwise a request with
/// <c>Authorization: Bearer &lt;public_key&gt;</c>, a valid <see cref="PublicCookie"/>, or, on the streams
/// a browser opens without headers (the SSE and WebSocket routes), <c>?public_key=</c>. Keys are
/// compared in constant time; failures count on the shared failed-auth limiter. Thread-safe.
/// </summary>
internal sealed class PublicAccess(IOptionsMonitor<AppSection> app, IAuthFailureLimiter limiter, TimeProvider time)
{
    /// <summary>Whether the playground is served at all (<c>app.public_enabled</c>).</summary>
    public bool Enabled => app.CurrentValue.PublicEnabled;

    /// <summary>Whether no key is set: the playground is open to anyone.</summary>
    public bool Open => string.IsNullOrEmpty(app.CurrentValue.PublicKey);

    /// <summary>The current key (never logged).</summary>
    public string Key => app.CurrentValue.PublicKey;

    /// <summary>Whether the request proves it knows the key.</summary>
    /// <param name="context">The request.</param>
    /// <param name="allowQuery">Whether <c>?public_key=</c> counts (streams only).</param>
    public bool IsAuthenticated(HttpContext context, bool allowQuery)
    {
        ArgumentNullException.ThrowIfNull(context);
        var key = Key;
        if (string.IsNullOrEmpty(key))
        {
            return true;
        }

        var bearer = SecretKeys.ReadBearer(context.Request.Headers.Authorization.ToString());
        if (bearer is not null && SecretKeys.Matches(bearer, key))
        {
            return true;
        }

        if (PublicCookie.IsValid(context.Request.Cookies[PublicCookie.Name], key, time.GetUtcNow()))
        {
            return true;
        }

        return allowQuery && context.Request.Query["public_key"].ToString() is { Length: > 0 } query && SecretKeys.Matches(query, key);
    }

    /// <summary>Whether the client is past the failed-auth limit now.</summary>
    public AuthThrottleDecision Check(HttpContext context) => limiter.Check(context.Connection.RemoteIpAddress);

    /// <summary>Counts a failed authentication of the client.</summary>
    public AuthThrottleDecision RecordFailure(HttpContext context) => limiter.RecordFailure(context.Connection.RemoteIpAddress);

    /// <summary>Answers a request that failed to authenticate: 429 once past the limit, otherwise 401.</summary>
    public Task RejectAsync(HttpContext context)
    {
        var decision = RecordFailure(context);
        return decision.IsLimited ? TooManyFailuresAsync(context, decision) : PublicErrors.UnauthorizedAsync(context);
    }

    /// <summary>The 429 of a client past the failed-auth limit.</summary>
    public static Task TooManyFailuresAsync(HttpContext context, AuthThrottleDecision decision) =>
        PublicErrors.TooManyAsync(context, decision.RetryAfterSeconds,
            $"Too many failed authentication attempts; retry in {decision.RetryAfterSeconds} s.", "too_many_auth_failures");
}
