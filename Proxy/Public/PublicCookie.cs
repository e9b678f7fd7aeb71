using Grok2Api.AdminApi.Auth;

namespace Grok2Api.Proxy.Public;

/// <summary>
/// The public playground's login cookie <c>grok2api_public</c>: a <see cref="SignedSessionCookie"/> signed
/// under <c>app.public_key</c>, valid for 12 hours, so the pages never keep the key and a new key
/// invalidates every cookie issued under the old one. Pure; thread-safe.
/// </summary>
internal static class PublicCookie
{
    /// <summary>The cookie's name.</summary>
    public const string Name = "grok2api_public";

    /// <summary>How long a login lasts.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);

    private static readonly SignedSessionCookie Format = new("grok2api-public-session", Lifetime);

    /// <summary>A new cookie value for <paramref name="publicKey"/>.</summary>
    /// <param name="publicKey">The configured key.</param>
    /// <param name="now">The current time.</param>
    public static string Issue(string publicKey, DateTimeOffset now) => Format.Issue(publicKey, now);

    /// <summary>Whether <paramref name="cookie"/> was issued under <paramref name="publicKey"/> and has not expired.</summary>
    /// <param name="cookie">The presented value, or null.</param>
    /// <param name="publicKey">The configured key.</param>
    /// <param name="now">The current time.</param>
    public static bool IsValid(string? cookie, string publicKey, DateTimeOffset now) => Format.IsValid(cookie, publicKey, now);
}
