namespace Grok2Api.Proxy.Upstream;

/// <summary>
/// Turns a logical call into a <see cref="PreparedGrokCall"/> from the live config: request URL and
/// header set from <c>[upstream]</c> and <c>[proxy]</c>, and a fresh request id. Thread-safe.
/// </summary>
internal sealed class GrokCallPreparer(IOptionsMonitor<UpstreamSection> upstream, IOptionsMonitor<ProxySection> proxy)
{
    private UrlCache? _urls;

    public bool TryPrepare(
        GrokEndpoint endpoint, string token, out PreparedGrokCall? call, out string? error)
    {
        call = null;
        var bare = GrokCookie.NormalizeToken(token);
        if (!GrokCookie.IsValidToken(bare))
        {
            error = "the token is empty or has characters a cookie cannot carry";
            return false;
        }

        if (!TryGetUrls(upstream.CurrentValue, out var urls))
        {
            error = "an [upstream] URL is not an absolute http(s) URL";
            return false;
        }

        var client = proxy.CurrentValue;
        var profile = new GrokClientProfile(client.UserAgent, client.CfClearance, client.StatsigId);
        GrokRequestHeaders headers;
        try
        {
            headers = GrokRequestHeadersBuilder.Build(endpoint, urls!, profile, bare);
        }
        catch (ArgumentException ex)
        {
            // The builder names the config key, never the value.
            error = ex.Message;
            return false;
        }

        call = new PreparedGrokCall(endpoint, urls!.RequestUri(endpoint), headers, bare);
        error = null;
        return true;
    }

    private bool TryGetUrls(UpstreamSection section, out GrokUpstreamUrls? urls)
    {
        // Config snapshots are immutable: rebuild only when the section instance changes.
        if (_urls is { } cached && ReferenceEquals(cached.Section, section))
        {
            urls = cached.Urls;
            return true;
        }

        try
        {
            urls = new GrokUpstreamUrls(section.BaseUrl, section.AssetsUrl, section.AccountsUrl);
        }
        catch (ArgumentException)
        {
            urls = null;
            return false;
        }

        _urls = new UrlCache(section, urls);
        return true;
    }

    private sealed record UrlCache(UpstreamSection Section, GrokUpstreamUrls Urls);
}
