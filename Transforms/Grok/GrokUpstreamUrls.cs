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
    }

    /// <summary>The grok.com defaults.</summary>
    public static GrokUpstreamUrls Default { get; } = new("https://grok.com", "https://assets.grok.com", "https://accounts.x.ai");

    /// <summary>The origin of a host: scheme, host and non-default port, no trailing slash (<c>https://grok.com</c>).</summary>
    /// <param name="host">Which configured host.</param>
    public string OriginOf(GrokHost host) => UrlOf(host).GetLeftPart(UriPartial.Authority);

    /// <summary>The host name alone (no scheme or port), as compared for <c>Sec-Fetch-Site</c>.</summary>
    /// <param name="host">Which configured host.</param>
    public string HostNameOf(GrokHost host) => UrlOf(host).IdnHost;

    /// <summary>The absolute request URL of an endpoint: its host's configured URL plus the endpoint path.</summary>
    /// <param name="endpoint">The endpoint.</param>
    public Uri RequestUri(GrokEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var root = UrlOf(endpoint.Host).GetLeftPart(UriPartial.Path).TrimEnd('/');
        return new Uri(root + endpoint.Path, UriKind.Absolute);
    }

    /// <summary>The Referer the browser client sends with an endpoint.</summary>
    /// <param name="endpoint">The endpoint.</param>
    public string RefererOf(GrokEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return OriginOf(endpoint.RefererHost) + endpoint.RefererPath;
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
