namespace Grok2Api.Proxy.Upstream;

/// <summary>
/// Turns a logical call into a <see cref="PreparedGrokCall"/> from the live config: request URL and
/// header set from <c>[upstream]</c> and <c>[proxy]</c>, and a fresh request id. Thread-safe.
/// </summary>
/// <remarks>
/// The request id is a UUIDv4 drawn from <see cref="Random.Shared"/>, not from <see cref="Guid.NewGuid"/>:
/// on Linux the latter reads the kernel's random source with a system call per id, which was about 1 % of
/// the gateway's CPU per non-stream chat (docs/benchmarks.md). The id only has to be unique and shaped like
/// the browser's <c>crypto.randomUUID()</c>; it guards nothing.
/// </remarks>
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
            headers = GrokRequestHeadersBuilder.Build(endpoint, urls!, profile, bare, NewRequestId());
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

    /// <summary>A random UUIDv4 (version 4, RFC 4122 variant) from a fast non-cryptographic source.</summary>
    internal static Guid NewRequestId()
    {
        Span<byte> bytes = stackalloc byte[16];
        Random.Shared.NextBytes(bytes);

        // Guid(ReadOnlySpan<byte>) reads the third group little-endian: byte 7 holds the version nibble,
        // byte 8 the variant bits.
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
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
