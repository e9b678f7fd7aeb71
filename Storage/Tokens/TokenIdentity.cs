using System.Security.Cryptography;
using System.Text;

namespace Grok2Api.Storage.Tokens;

/// <summary>
/// How a token is named anywhere outside its record: a stable public id (the first 16 hex digits
/// of SHA-256 of the bare token) or a mask (first 6 + "…" + last 4). Whole tokens are never logged
/// or returned.
/// </summary>
public static class TokenIdentity
{
    private const string SsoPrefix = "sso=";

    /// <summary>Removes surrounding white space and a leading <c>sso=</c> prefix.</summary>
    /// <param name="raw">A token as typed by an operator.</param>
    /// <returns>The bare token, possibly empty.</returns>
    public static string Normalize(string? raw)
    {
        var value = (raw ?? "").Trim();
        if (value.StartsWith(SsoPrefix, StringComparison.OrdinalIgnoreCase))
        {
            value = value[SsoPrefix.Length..].Trim();
        }

        return value;
    }

    /// <summary>The public id of a bare token: 16 lower-case hex digits.</summary>
    /// <param name="token">The bare token.</param>
    public static string IdOf(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        var length = Encoding.UTF8.GetMaxByteCount(token.Length);
        if (length <= 1024)
        {
            // Tokens are a few hundred ASCII characters: no array per id (100,000 are made at start-up).
            Span<byte> utf8 = stackalloc byte[length];
            SHA256.HashData(utf8[..Encoding.UTF8.GetBytes(token, utf8)], hash);
        }
        else
        {
            SHA256.HashData(Encoding.UTF8.GetBytes(token), hash);
        }

        return Convert.ToHexStringLower(hash[..8]);
    }

    /// <summary>The mask of a bare token: first 6 characters, "…", last 4. Tokens of 10 characters or fewer become "…".</summary>
    /// <param name="token">The bare token.</param>
    public static string Mask(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return token.Length <= 10 ? "…" : string.Concat(token.AsSpan(0, 6), "…", token.AsSpan(token.Length - 4));
    }
}
