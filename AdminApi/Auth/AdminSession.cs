using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace Grok2Api.AdminApi.Auth;

/// <summary>
/// The admin session cookie: an expiry time and a random nonce (so every login is a distinct
/// session that logout can end alone), signed with HMAC-SHA256 under a key derived from
/// <c>app.app_key</c>. It needs no server-side state (so it works across instances on a shared
/// store), and changing the app key ends every session at once.
/// </summary>
internal static class AdminSession
{
    public const string CookieName = "grok2api_admin";
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);

    public static string Issue(string appKey, DateTimeOffset now)
    {
        var payload = (now + Lifetime).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)
            + "-" + WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(12));
        return payload + "." + Sign(appKey, payload);
    }

    public static bool IsValid(string? cookie, string appKey, DateTimeOffset now) => TryRead(cookie, appKey, now, out _);

    /// <summary>Whether the cookie is signed under <paramref name="appKey"/> and not expired, and when it expires.</summary>
    public static bool TryRead(string? cookie, string appKey, DateTimeOffset now, out DateTimeOffset expires)
    {
        expires = default;
        if (string.IsNullOrEmpty(cookie) || string.IsNullOrEmpty(appKey))
        {
            return false;
        }

        var dot = cookie.IndexOf('.', StringComparison.Ordinal);
        var dash = cookie.IndexOf('-', StringComparison.Ordinal);
        if (dot <= 0 || dash <= 0 || dash > dot
            || !long.TryParse(cookie.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var expiry))
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Sign(appKey, cookie[..dot]));
        var presented = Encoding.ASCII.GetBytes(cookie[(dot + 1)..]);
        if (!CryptographicOperations.FixedTimeEquals(expected, presented) || now.ToUnixTimeSeconds() >= expiry)
        {
            return false;
        }

        expires = DateTimeOffset.FromUnixTimeSeconds(expiry);
        return true;
    }

    private static string Sign(string appKey, string payload)
    {
        var key = SHA256.HashData(Encoding.UTF8.GetBytes("grok2api-admin-session:" + appKey));
        return WebEncoders.Base64UrlEncode(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(payload)));
    }
}
