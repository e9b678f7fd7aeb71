using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace Grok2Api.AdminApi.Auth;

/// <summary>
/// A stateless session cookie value: <c>&lt;expiry&gt;-&lt;nonce&gt;.&lt;signature&gt;</c>, an expiry time
/// and a random nonce (so every login is a distinct session) signed with HMAC-SHA256 under a key derived
/// from a configured secret and the cookie's purpose. It needs no server-side state, so it works across
/// instances on a shared store, and changing the secret ends every session at once. The admin session
/// (<see cref="AdminSession"/>) and the public playground's login use it with their own purposes, so a
/// cookie of one is never valid as the other. Immutable; thread-safe.
/// </summary>
/// <param name="purpose">What the cookie is for; part of the signing key.</param>
/// <param name="lifetime">How long an issued cookie is valid.</param>
public sealed class SignedSessionCookie(string purpose, TimeSpan lifetime)
{
    private readonly string _keyPrefix = purpose + ":";

    /// <summary>How long an issued cookie is valid.</summary>
    public TimeSpan Lifetime => lifetime;

    /// <summary>A new cookie value signed under <paramref name="secret"/>, valid for <see cref="Lifetime"/> from <paramref name="now"/>.</summary>
    /// <param name="secret">The configured key it is signed under.</param>
    /// <param name="now">The current time.</param>
    public string Issue(string secret, DateTimeOffset now)
    {
        var payload = (now + lifetime).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)
            + "-" + WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(12));
        return payload + "." + Sign(secret, payload);
    }

    /// <summary>Whether <paramref name="cookie"/> is signed under <paramref name="secret"/> and not expired.</summary>
    /// <param name="cookie">The presented value, or null.</param>
    /// <param name="secret">The configured key.</param>
    /// <param name="now">The current time.</param>
    public bool IsValid(string? cookie, string secret, DateTimeOffset now) => TryRead(cookie, secret, now, out _);

    /// <summary>Whether <paramref name="cookie"/> is signed under <paramref name="secret"/> and not expired, and when it expires.</summary>
    /// <param name="cookie">The presented value, or null.</param>
    /// <param name="secret">The configured key; an empty one validates nothing.</param>
    /// <param name="now">The current time.</param>
    /// <param name="expires">When the cookie expires, when it is valid.</param>
    public bool TryRead(string? cookie, string secret, DateTimeOffset now, out DateTimeOffset expires)
    {
        expires = default;
        if (string.IsNullOrEmpty(cookie) || string.IsNullOrEmpty(secret))
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

        var expected = Encoding.ASCII.GetBytes(Sign(secret, cookie[..dot]));
        var presented = Encoding.ASCII.GetBytes(cookie[(dot + 1)..]);
        if (!CryptographicOperations.FixedTimeEquals(expected, presented) || now.ToUnixTimeSeconds() >= expiry)
        {
            return false;
        }

        expires = DateTimeOffset.FromUnixTimeSeconds(expiry);
        return true;
    }

    private string Sign(string secret, string payload)
    {
        var key = SHA256.HashData(Encoding.UTF8.GetBytes(_keyPrefix + secret));
        return WebEncoders.Base64UrlEncode(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(payload)));
    }
}
