using System.Security.Cryptography;
using System.Text;

namespace Grok2Api.Configuration;

/// <summary>
/// How a key presented by a client is checked against a configured key (<c>app.api_key</c>,
/// <c>app.app_key</c>): in constant time over SHA-256 digests, which also hides the key's length.
/// </summary>
public static class SecretKeys
{
    private const string BearerScheme = "Bearer ";

    private static ExpectedKey? s_lastExpected;

    /// <summary>Whether <paramref name="presented"/> equals <paramref name="expected"/>; false when either is empty.</summary>
    /// <param name="presented">The key the client sent.</param>
    /// <param name="expected">The configured key.</param>
    public static bool Matches(string? presented, string? expected)
    {
        if (string.IsNullOrEmpty(presented) || string.IsNullOrEmpty(expected))
        {
            return false;
        }

        Span<byte> a = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(presented), a);
        return CryptographicOperations.FixedTimeEquals(a, DigestOf(expected));
    }

    /// <summary>
    /// The digest of a configured key, kept for the next call: the key changes only with the
    /// configuration, and every request is checked against it (one hash per request, not two).
    /// </summary>
    private static byte[] DigestOf(string expected)
    {
        var last = Volatile.Read(ref s_lastExpected);
        if (last is not null && string.Equals(last.Key, expected, StringComparison.Ordinal))
        {
            return last.Digest;
        }

        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(expected));
        Volatile.Write(ref s_lastExpected, new ExpectedKey(expected, digest));
        return digest;
    }

    private sealed record ExpectedKey(string Key, byte[] Digest);

    /// <summary>The credential of an <c>Authorization: Bearer &lt;key&gt;</c> header (scheme case-insensitive), or null.</summary>
    /// <param name="authorizationHeader">The header value.</param>
    public static string? ReadBearer(string? authorizationHeader)
    {
        if (authorizationHeader is null || !authorizationHeader.StartsWith(BearerScheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var value = authorizationHeader[BearerScheme.Length..].Trim();
        return value.Length == 0 ? null : value;
    }
}
