namespace Grok2Api.Configuration;

/// <summary>The <c>[proxy]</c> section: egress proxies and the values forwarded to grok.com.</summary>
public sealed record ProxySection
{
    /// <summary>Egress proxy for grok.com calls and user URL fetches: empty (direct) or an http, https, socks4, socks4a, socks5 or socks5h URL. Default empty.</summary>
    [AbsoluteUrl("http", "https", "socks4", "socks4a", "socks5", "socks5h", AllowEmpty = true)]
    public string BaseProxyUrl { get; init; } = "";

    /// <summary>Egress proxy for asset calls; empty falls back to <see cref="BaseProxyUrl"/>. Default empty.</summary>
    [AbsoluteUrl("http", "https", "socks4", "socks4a", "socks5", "socks5h", AllowEmpty = true)]
    public string AssetProxyUrl { get; init; } = "";

    /// <summary>A Cloudflare clearance cookie the operator obtained; appended to the Cookie header. Default empty.</summary>
    [HeaderSafe]
    public string CfClearance { get; init; } = "";

    /// <summary>Accepted for compatibility: the original's curl_cffi profile. No TLS impersonation is done. Default <c>chrome136</c>.</summary>
    public string Browser { get; init; } = "chrome136";

    /// <summary>User-Agent sent to grok.com. Default a Chrome 136 macOS string.</summary>
    [HeaderSafe]
    public string UserAgent { get; init; } =
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/136.0.0.0 Safari/537.36";

    /// <summary>Sent as <c>x-statsig-id</c> when set: a value the operator copies from their browser. Default empty (header omitted).</summary>
    [HeaderSafe]
    public string StatsigId { get; init; } = "";
}
