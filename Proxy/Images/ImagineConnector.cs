using System.Globalization;
using System.Net;
using System.Net.WebSockets;
using Grok2Api.Transforms.Grok.Imagine;

namespace Grok2Api.Proxy.Images;

/// <summary>
/// Opens the Imagine WebSocket through the base egress (<c>proxy.base_proxy_url</c>: the pooled
/// <see cref="SocketsHttpHandler"/> of <see cref="EgressInvokerFactory"/> carries the upgrade), with the
/// handshake headers of <see cref="ImagineSocket.HandshakeHeaders"/>: the account's cookie, the
/// configured user agent and the base origin; nothing generated. A handshake answered with a status
/// becomes <see cref="UpstreamFailure.FromStatus"/> (429 with its Retry-After, 401, 403 with a Cloudflare
/// challenge told apart, 5xx). Thread-safe.
/// </summary>
internal sealed partial class ImagineConnector(
    IOptionsMonitor<UpstreamSection> upstream,
    IOptionsMonitor<ProxySection> proxy,
    EgressInvokerFactory egress,
    ILogger<ImagineConnector> logger) : IImagineConnector
{
    private UrlCache? _urls;

    public async Task<(ImagineConnection? Connection, UpstreamFailure? Failure)> ConnectAsync(string token, CancellationToken cancellationToken)
    {
        var bare = GrokCookie.NormalizeToken(token);
        if (!GrokCookie.IsValidToken(bare))
        {
            return (null, Configuration("the token is empty or has characters a cookie cannot carry"));
        }

        if (Urls() is not { } urls)
        {
            return (null, Configuration("an [upstream] URL is not an absolute http(s) URL"));
        }

        var client = proxy.CurrentValue;
        IReadOnlyList<KeyValuePair<string, string>> headers;
        try
        {
            headers = ImagineSocket.HandshakeHeaders(urls, new GrokClientProfile(client.UserAgent, client.CfClearance, client.StatsigId), bare);
        }
        catch (ArgumentException ex)
        {
            return (null, Configuration(ex.Message));
        }

        var lease = egress.Acquire(GrokEgress.Base, followRedirects: false, out var error);
        if (lease is null)
        {
            return (null, Configuration($"the egress proxy is unusable ({error})"));
        }

        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.KeepAliveInterval = ImagineLimits.KeepAlive;
        foreach (var (name, value) in headers)
        {
            socket.Options.SetRequestHeader(name, value);
        }

        try
        {
            await socket.ConnectAsync(ImagineSocket.ListenUri(urls), lease.Invoker, cancellationToken);
            return (new ImagineConnection(socket, lease), null);
        }
        catch (Exception ex) when (ex is WebSocketException or HttpRequestException or IOException)
        {
            var failure = Refused(socket);
            socket.Dispose();
            lease.Dispose();
            Log.HandshakeRefused(logger, failure.Tag, failure.Detail);
            return (null, failure);
        }
        catch
        {
            socket.Dispose();
            lease.Dispose();
            throw;
        }
    }

    private static UpstreamFailure Configuration(string detail) => new(UpstreamFailureKind.Configuration, detail);

    private static UpstreamFailure Refused(ClientWebSocket socket)
    {
        var status = (int)socket.HttpStatusCode;
        if (status is 0 or (int)HttpStatusCode.SwitchingProtocols)
        {
            return new UpstreamFailure(UpstreamFailureKind.Network, "the Imagine WebSocket handshake failed");
        }

        var headers = socket.HttpResponseHeaders;
        TimeSpan? retryAfter = null;
        var forbidden = ForbiddenReason.None;
        if (headers is not null)
        {
            if (headers.TryGetValue("Retry-After", out var values)
                && int.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            {
                retryAfter = TimeSpan.FromSeconds(seconds);
            }

            if (status == 403)
            {
                forbidden = headers.ContainsKey("cf-mitigated") ? ForbiddenReason.CloudflareChallenge : ForbiddenReason.None;
            }
        }

        return UpstreamFailure.FromStatus(status, retryAfter, forbidden) with
        {
            Detail = $"the Imagine WebSocket handshake was refused with HTTP {status}",
        };
    }

    private GrokUpstreamUrls? Urls()
    {
        var section = upstream.CurrentValue;
        if (_urls is { } cached && ReferenceEquals(cached.Section, section))
        {
            return cached.Urls;
        }

        try
        {
            var urls = new GrokUpstreamUrls(section.BaseUrl, section.AssetsUrl, section.AccountsUrl);
            _urls = new UrlCache(section, urls);
            return urls;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private sealed record UrlCache(UpstreamSection Section, GrokUpstreamUrls Urls);

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.ImagineHandshakeRefused, Level = LogLevel.Warning, Message = "Imagine handshake failed: {Kind} ({Detail})")]
        public static partial void HandshakeRefused(ILogger logger, string kind, string detail);
    }
}
