namespace Grok2Api.Transforms.Grok;

/// <summary>
/// Where the Grok web app lives (config <c>[upstream]</c>). Origins, Referers and request URLs are
/// derived from these, never hard-coded, so a simulator can stand in for grok.com.
/// </summary>
public sealed class GrokUpstreamUrls
{
    private readonly Uri _base;
    private readonly Uri _assets;
    private readonly Uri _accounts;

    // Derived once: a chat request asks for its endpoint's URL, origins and host names every time.
    private readonly string[] _origins;
    private readonly string[] _hostNames;

    // Request URLs of the endpoints seen, keyed by the endpoint instance: the fixed endpoints
    // (GrokEndpoints.*) are built once; an endpoint made per call (an asset path) leaves with its instance.
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<GrokEndpoint, Uri> _requestUris = [];

    // Referers of the endpoints seen, kept the same way: a chat request sends its endpoint's every time.
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<GrokEndpoint, string> _referers = [];

    /// <summary>Creates the set from absolute http(s) URLs; a path prefix on a URL is kept for request URLs.</summary>
    /// <param name="baseUrl"><c>upstream.base_url</c>, e.g. <c>https://grok.com</c>.</param>
    /// <param name="assetsUrl"><c>upstream.assets_url</c>, e.g. <c>https://assets.grok.com</c>.</param>
    /// <param name="accountsUrl"><c>upstream.accounts_url</c>, e.g. <c>https://accounts.x.ai</c>.</param>
    /// <exception cref="ArgumentException">A URL is not an absolute http or https URL.</exception>
    public GrokUpstreamUrls(string baseUrl, string assetsUrl, string accountsUrl)
    {
        _base = Parse(baseUrl, nameof(baseUrl));
        _assets = Parse(assetsUrl, nameof(assetsUrl));
        _accounts = Parse(accountsUrl, nameof(accountsUrl));
        GrokHost[] hosts = [GrokHost.Base, GrokHost.Assets, GrokHost.Accounts];
        _origins = new string[hosts.Length];
        _hostNames = new string[hosts.Length];
        foreach (var host in hosts)
        {
            _origins[Slot(host)] = UrlOf(host).GetLeftPart(UriPartial.Authority);
            _hostNames[Slot(host)] = UrlOf(host).IdnHost;
        }
    }

    /// <summary>The grok.com defaults.</summary>
    public static GrokUpstreamUrls Default { get; } = new("https://grok.com", "https://assets.grok.com", "https://accounts.x.ai");

    /// <summary>The origin of a host: scheme, host and non-default port, no trailing slash (<c>https://grok.com</c>).</summary>
    /// <param name="host">Which configured host.</param>
    public string OriginOf(GrokHost host) => _origins[Slot(host)];

    /// <summary>The host name alone (no scheme or port), as compared for <c>Sec-Fetch-Site</c>.</summary>
    /// <param name="host">Which configured host.</param>
    public string HostNameOf(GrokHost host) => _hostNames[Slot(host)];

    /// <summary>The absolute request URL of an endpoint: its host's configured URL plus the endpoint path.</summary>
    /// <param name="endpoint">The endpoint.</param>
    public Uri RequestUri(GrokEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return _requestUris.TryGetValue(endpoint, out var known) ? known : _requestUris.GetValue(endpoint, BuildRequestUri);
    }

    /// <summary>The Referer the browser client sends with an endpoint.</summary>
    /// <param name="endpoint">The endpoint.</param>
    public string RefererOf(GrokEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return _referers.TryGetValue(endpoint, out var known)
            ? known
            : _referers.GetValue(endpoint, e => OriginOf(e.RefererHost) + e.RefererPath);
    }

    private static int Slot(GrokHost host) => host switch
    {
        GrokHost.Assets => 1,
        GrokHost.Accounts => 2,
        _ => 0,
    };

    private Uri BuildRequestUri(GrokEndpoint endpoint)
    {
        var root = UrlOf(endpoint.Host).GetLeftPart(UriPartial.Path).TrimEnd('/');
        return new Uri(root + endpoint.Path, UriKind.Absolute);
    }

    private Uri UrlOf(GrokHost host) => host switch
    {
        GrokHost.Assets => _assets,
        GrokHost.Accounts => _accounts,
        _ => _base,
    };

    private static Uri Parse(string url, string name)
    {
        if (!Uri.TryCreate(url?.Trim(), UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException("Expected an absolute http or https URL.", name);
        }

        return uri;
    }
}
