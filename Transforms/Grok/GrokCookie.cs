namespace Grok2Api.Transforms.Grok;

/// <summary>The account credential as the Cookie header carries it (docs/grok-protocol.md §2.1).</summary>
public static class GrokCookie
{
    private const string SsoPrefix = "sso=";
    private const string ClearancePrefix = "cf_clearance=";

    // The header of each token instance the pool hands out, with the clearance it was built with: an
    // account's every request sends the same value, and a JWT makes it a long string checked char by
    // char. An entry lives as long as its token string does.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<string, Built> Remembered = [];

    /// <summary>Trims white space and removes a leading <c>sso=</c> (any case).</summary>
    /// <param name="token">A token as stored or typed.</param>
    public static string NormalizeToken(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        var value = token.Trim();
        return value.StartsWith(SsoPrefix, StringComparison.OrdinalIgnoreCase) ? value[SsoPrefix.Length..].Trim() : value;
    }

    /// <summary>
    /// Whether a bare token can go into a Cookie header: not empty, visible ASCII only, and no
    /// <c>;</c> or <c>,</c> that would split the header into other cookies.
    /// </summary>
    /// <param name="bareToken">A normalized token.</param>
    public static bool IsValidToken(string bareToken)
    {
        ArgumentNullException.ThrowIfNull(bareToken);
        if (bareToken.Length == 0)
        {
            return false;
        }

        foreach (var c in bareToken)
        {
            if (c is <= ' ' or > '~' or ';' or ',')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The Cookie header value: exactly <c>sso=&lt;tok&gt;; sso-rw=&lt;tok&gt;</c>, plus
    /// <c>;cf_clearance=&lt;value&gt;</c> (no space) when a clearance is configured.
    /// </summary>
    /// <param name="token">The account token; a leading <c>sso=</c> is removed.</param>
    /// <param name="cfClearance">The configured clearance value, or empty; a pasted <c>cf_clearance=</c> prefix is removed.</param>
    /// <exception cref="ArgumentException">The token is empty or has characters a cookie cannot carry.</exception>
    public static string Build(string token, string? cfClearance)
    {
        var bare = NormalizeToken(token);
        if (!IsValidToken(bare))
        {
            throw new ArgumentException("The token is empty or contains characters a cookie cannot carry.", nameof(token));
        }

        var cookie = $"{SsoPrefix}{bare}; sso-rw={bare}";
        var clearance = (cfClearance ?? "").Trim();
        if (clearance.StartsWith(ClearancePrefix, StringComparison.OrdinalIgnoreCase))
        {
            clearance = clearance[ClearancePrefix.Length..];
        }

        return clearance.Length == 0 ? cookie : $"{cookie};{ClearancePrefix}{clearance}";
    }

    /// <summary>
    /// <see cref="Build"/>, remembered per token instance: the same token string with the same
    /// clearance gets the value built the first time (a string cannot change, so its check holds).
    /// </summary>
    /// <param name="token">The account token; a leading <c>sso=</c> is removed.</param>
    /// <param name="cfClearance">The configured clearance value, or empty.</param>
    /// <exception cref="ArgumentException">The token is empty or has characters a cookie cannot carry.</exception>
    public static string For(string token, string? cfClearance)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (Remembered.TryGetValue(token, out var built) && string.Equals(built.CfClearance, cfClearance, StringComparison.Ordinal))
        {
            return built.Cookie;
        }

        var cookie = Build(token, cfClearance);
        Remembered.AddOrUpdate(token, new Built(cfClearance, cookie));
        return cookie;
    }

    private sealed record Built(string? CfClearance, string Cookie);
}
