namespace Grok2Api.Transforms.Grok.Imagine;

/// <summary>
/// Where the Imagine WebSocket lives and how its handshake looks (docs/grok-protocol.md §2.6, §14.1):
/// <c>{base as ws(s)}/ws/imagine/listen</c>, with <c>Origin</c>, <c>User-Agent</c>,
/// <c>Accept-Language</c>, <c>Cache-Control</c>, <c>Pragma</c> and the account's Cookie header; no
/// statsig id, no request id, no subprotocol. Pure.
/// </summary>
public static class ImagineSocket
{
    /// <summary>The endpoint, for the URL and for logs and metrics (<c>imagine_listen</c>).</summary>
    public static readonly GrokEndpoint Endpoint = new(
        "imagine_listen", HttpMethod.Get, GrokHost.Base, "/ws/imagine/listen", GrokHost.Base, "/imagine", GrokRequestStyle.Rest, GrokEgress.Base);

    /// <summary>The WebSocket URL: the base URL (with any path prefix) with <c>http</c> turned into <c>ws</c> and <c>https</c> into <c>wss</c>.</summary>
    /// <param name="urls">The configured upstream URLs.</param>
    public static Uri ListenUri(GrokUpstreamUrls urls)
    {
        ArgumentNullException.ThrowIfNull(urls);
        var http = urls.RequestUri(Endpoint);
        var builder = new UriBuilder(http) { Scheme = http.Scheme == Uri.UriSchemeHttps ? "wss" : "ws" };
        return builder.Uri;
    }

    /// <summary>The handshake headers, in order.</summary>
    /// <param name="urls">The configured upstream URLs (the Origin).</param>
    /// <param name="profile">The operator-supplied values (user agent, <c>cf_clearance</c>); the statsig id is not sent.</param>
    /// <param name="bareToken">The account token without <c>sso=</c>, already checked with <see cref="GrokCookie.IsValidToken"/>.</param>
    /// <exception cref="ArgumentException">The user agent or <c>cf_clearance</c> cannot be sent in a header (the message names the config key).</exception>
    public static IReadOnlyList<KeyValuePair<string, string>> HandshakeHeaders(GrokUpstreamUrls urls, GrokClientProfile profile, string bareToken)
    {
        ArgumentNullException.ThrowIfNull(urls);
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(bareToken);
        profile.RequireSendable(withStatsig: false);
        return
        [
            new(GrokHeaderNames.Origin, urls.OriginOf(GrokHost.Base)),
            new(GrokHeaderNames.UserAgent, profile.UserAgent),
            new(GrokHeaderNames.AcceptLanguage, GrokHeaderValues.AcceptLanguage),
            new(GrokHeaderNames.CacheControl, "no-cache"),
            new(GrokHeaderNames.Pragma, "no-cache"),
            new(GrokHeaderNames.Cookie, GrokCookie.Build(bareToken, profile.CfClearance)),
        ];
    }
}
