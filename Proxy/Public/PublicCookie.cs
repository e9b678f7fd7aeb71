using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace Grok2Api.Proxy.Public;

/// <summary>
/// The public playground's login cookie <c>grok2api_public</c>: an expiry 12 hours ahead and a random
/// nonce, signed with an HMAC keyed by <c>app.public_key</c>, so the pages never keep the key and a new
/// key invalidates every cookie issued under the old one. Pure; thread-safe.
/// </summary>
internal static class PublicCookie
{
    /// <summary>The cookie's name.</summary>
    public const string Name = "grok2api_public";

    /// <summary>How long a login lasts.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);

    /// <summary>A new cookie value for <paramref name="publicKey"/>.</summary>
    /// <param name="publicKey">The configured key.</param>
    /// <param name="now">The current time.</param>
    public static string Issue(string publicKey, DateTimeOffset now)
    {
        var payload = (now + Lifetime).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)
            + "-" + WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(12));
        return payload + "." + Sign(publicKey, payload);
    }

    /// <summary>Whether <paramref name="cookie"/> was issued under <paramref name="publicKey"/> and has not expired.</summary>
    /// <param name="cookie">The presented value, or null.</param>
    /// <param name="publicKey">The configured key.</param>
    /// <param name="now">The current time.</param>
    public static bool IsValid(string? cookie, string publicKey, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(cookie) || string.IsNullOrEmpty(publicKey))
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

        var expected = Encoding.ASCII.GetBytes(Sign(publicKey, cookie[..dot]));
        var presented = Encoding.ASCII.GetBytes(cookie[(dot + 1)..]);
        return CryptographicOperations.FixedTimeEquals(expected, presented) && now.ToUnixTimeSeconds() < expiry;
    }

    private static string Sign(string publicKey, string payload)
    {
        var key = SHA256.HashData(Encoding.UTF8.GetBytes("grok2api-public-session:" + publicKey));
        return WebEncoders.Base64UrlEncode(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(payload)));
    }
}
