namespace Grok2Api.AdminApi.Auth;

/// <summary>
/// The admin session cookie: a <see cref="SignedSessionCookie"/> signed under <c>app.app_key</c>, valid
/// for 12 hours. Each login is a distinct session that logout can end alone (<see cref="SessionRevocations"/>),
/// and changing the app key ends every session at once.
/// </summary>
internal static class AdminSession
{
    public const string CookieName = "grok2api_admin";
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);

    private static readonly SignedSessionCookie Format = new("grok2api-admin-session", Lifetime);

    public static string Issue(string appKey, DateTimeOffset now) => Format.Issue(appKey, now);

    public static bool IsValid(string? cookie, string appKey, DateTimeOffset now) => Format.IsValid(cookie, appKey, now);

    /// <summary>Whether the cookie is signed under <paramref name="appKey"/> and not expired, and when it expires.</summary>
    public static bool TryRead(string? cookie, string appKey, DateTimeOffset now, out DateTimeOffset expires) =>
        Format.TryRead(cookie, appKey, now, out expires);
}
