using System.Net;

namespace Grok2Api.AdminApi.Security;

/// <summary>
/// Limits failed authentication per client address across the whole service (every admin route and
/// <c>/v1</c> when <c>app.api_key</c> is set): <see cref="FailuresPerWindow"/> failures per
/// <see cref="Window"/>, then 429 until the window ends. Successful authentication is never counted.
/// The client address is the connection's, or the one a trusted proxy forwarded (<c>app.trusted_proxies</c>).
/// </summary>
public interface IAuthFailureLimiter
{
    /// <summary>Failures an address may have per window, each answered 401.</summary>
    const int FailuresPerWindow = 20;

    /// <summary>The window, counted from an address's first failure.</summary>
    static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Whether <paramref name="address"/> is blocked now. A blocked address's keys are not checked (a
    /// right guess must look like a wrong one); only credentials that cannot be guessed, such as a
    /// signed session cookie, are still accepted from it.
    /// </summary>
    /// <param name="address">The client address (null when unknown).</param>
    AuthThrottleDecision Check(IPAddress? address);

    /// <summary>Counts one failed authentication of <paramref name="address"/>; limited when it was over the limit.</summary>
    /// <param name="address">The client address (null when unknown).</param>
    AuthThrottleDecision RecordFailure(IPAddress? address);
}
