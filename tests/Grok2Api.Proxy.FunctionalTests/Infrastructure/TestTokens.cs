using Grok2Api.Storage.Tokens;

namespace Grok2Api.Proxy.FunctionalTests.Infrastructure;

/// <summary>Distinct, realistic-looking fake SSO tokens and their public ids.</summary>
public static class TestTokens
{
    /// <summary>A new token shaped like a Grok SSO JWT (visible ASCII, no ';' or ','), unique per call.</summary>
    public static string New(string label = "t") =>
        $"eyJhbGciOiJIUzI1NiJ9.{label}-{Guid.NewGuid():N}.{Guid.NewGuid():N}";

    /// <summary>The public id the gateway shows for <paramref name="token"/> (16 hex digits of SHA-256 of the bare token).</summary>
    public static string IdOf(string token) => TokenIdentity.IdOf(TokenIdentity.Normalize(token));
}
