using System.Net;

namespace Grok2Api.Proxy.Upstream;

/// <summary>
/// A parsed egress proxy URL (<c>proxy.base_proxy_url</c> / <c>proxy.asset_proxy_url</c>): the
/// address .NET connects to, the credentials taken out of the URL, and a redacted form for logs.
/// </summary>
/// <remarks>
/// .NET's SocketsHttpHandler understands <c>http</c>, <c>https</c>, <c>socks4</c>, <c>socks4a</c>
/// and <c>socks5</c>. Its SOCKS5 client always sends host names to the proxy (remote DNS), which is
/// what <c>socks5h</c> means, so <c>socks5h</c> maps to <c>socks5</c>; <c>socks4a</c> is native.
/// Credentials never stay in the URI handed to .NET, so they cannot surface in exception messages.
/// </remarks>
internal sealed class EgressProxy
{
    private EgressProxy(Uri address, NetworkCredential? credentials, string key)
    {
        Address = address;
        Credentials = credentials;
        Key = key;
    }

    /// <summary>The proxy address without user info, scheme normalized for .NET.</summary>
    public Uri Address { get; }

    /// <summary>The user name and password from the URL, or null.</summary>
    public NetworkCredential? Credentials { get; }

    /// <summary>Identifies the proxy including its credentials, for handler caching. Secret: never log it.</summary>
    public string Key { get; }

    /// <summary>Scheme, host and port only, safe for logs.</summary>
    public string Redacted => $"{Address.Scheme}://{Address.Host}:{Address.Port}" + (Credentials is null ? "" : " (with credentials)");

    /// <summary>Parses a proxy URL; the error never contains the URL.</summary>
    public static bool TryParse(string url, out EgressProxy? proxy, out string? error)
    {
        proxy = null;
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            error = "not an absolute URL with a host";
            return false;
        }

        var scheme = uri.Scheme.ToLowerInvariant() switch
        {
            "http" => "http",
            "https" => "https",
            "socks4" => "socks4",
            "socks4a" => "socks4a",
            "socks5" or "socks5h" => "socks5",
            _ => null,
        };
        if (scheme is null)
        {
            error = $"unsupported scheme '{uri.Scheme}' (use http, https, socks4, socks4a, socks5 or socks5h)";
            return false;
        }

        var port = uri.IsDefaultPort || uri.Port < 0
            ? scheme switch { "http" => 80, "https" => 443, _ => 1080 }
            : uri.Port;
        var address = new UriBuilder(scheme, uri.Host, port).Uri;

        NetworkCredential? credentials = null;
        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            var user = colon < 0 ? uri.UserInfo : uri.UserInfo[..colon];
            var password = colon < 0 ? "" : uri.UserInfo[(colon + 1)..];
            credentials = new NetworkCredential(Uri.UnescapeDataString(user), Uri.UnescapeDataString(password));
        }

        var key = credentials is null
            ? address.AbsoluteUri
            : $"{address.AbsoluteUri}#{credentials.UserName}:{credentials.Password}";
        proxy = new EgressProxy(address, credentials, key);
        error = null;
        return true;
    }

    /// <summary>The proxy as SocketsHttpHandler takes it.</summary>
    public IWebProxy ToWebProxy() => new FixedWebProxy(Address, Credentials);

    // WebProxy may bypass local addresses; an egress proxy applies to every destination, loopback
    // included (the simulator and tests run there).
    private sealed class FixedWebProxy(Uri address, ICredentials? credentials) : IWebProxy
    {
        public ICredentials? Credentials { get; set; } = credentials;

        public Uri GetProxy(Uri destination) => address;

        public bool IsBypassed(Uri host) => false;
    }
}
