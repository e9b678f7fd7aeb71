using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;

namespace Grok2Api.Proxy.Attachments;

/// <summary>
/// Fetches a client's http(s) attachment URL: a plain GET with a neutral User-Agent, no cookies and
/// no grok headers; each hop's host is checked by <see cref="FetchGuard"/>, at most
/// <c>asset.fetch_max_redirects</c> redirects are followed by hand (http/https only), the body is capped
/// at <c>asset.fetch_max_mb</c> and the whole fetch at <c>asset.fetch_timeout</c>. Every failure is a 400
/// naming the parameter: the client's URL was the problem.
/// </summary>
/// <remarks>
/// Direct fetches connect only to addresses the guard has just checked (its connect callback), which
/// also defeats DNS rebinding. When <c>proxy.base_proxy_url</c> is set the fetch goes through that
/// proxy, as in the original; the host is still resolved and checked here first, so IP literals and
/// names that resolve to refused addresses never leave, but the proxy resolves the name again itself:
/// a name whose DNS answer changes between the two lookups, or that resolves differently from the
/// proxy's network, reaches whatever the proxy connects to, including the proxy's own private network.
/// Operators who need the strict guarantee leave the base proxy empty or give the proxy no route to
/// internal networks.
/// </remarks>
internal sealed partial class AttachmentFetcher : IDisposable
{
    /// <summary>Sent instead of a browser's: the fetch acts for the gateway, not for a grok.com session.</summary>
    public const string UserAgent = "Mozilla/5.0 (compatible; Grok2Api attachment fetch)";

    private readonly IOptionsMonitor<AssetSection> _asset;
    private readonly IOptionsMonitor<ProxySection> _proxy;
    private readonly FetchGuard _guard;
    private readonly EgressInvokerFactory _egress;
    private readonly TimeProvider _time;
    private readonly ILogger<AttachmentFetcher> _logger;
    private readonly HttpMessageInvoker _direct;

    public AttachmentFetcher(
        IOptionsMonitor<AssetSection> asset,
        IOptionsMonitor<ProxySection> proxy,
        FetchGuard guard, EgressInvokerFactory egress, TimeProvider time, ILogger<AttachmentFetcher> logger)
    {
        _asset = asset;
        _proxy = proxy;
        _guard = guard;
        _egress = egress;
        _time = time;
        _logger = logger;
        _direct = new HttpMessageInvoker(new SocketsHttpHandler
        {
            UseCookies = false,
            AllowAutoRedirect = false,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.All,
            ConnectTimeout = TimeSpan.FromSeconds(15),
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            ConnectCallback = guard.ConnectAsync,
            ActivityHeadersPropagator = DistributedContextPropagator.CreateNoOutputPropagator(),
        });
    }

    public async Task<AttachmentLoadResult> FetchAsync(ConversationAttachment attachment, Uri url, CancellationToken cancellationToken)
    {
        var asset = _asset.CurrentValue;
        var timeout = UpstreamCallOptions.BoundTimeout(asset.FetchTimeout);
        using var deadline = new CancellationTokenSource(timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var proxied = _proxy.CurrentValue.BaseProxyUrl.Trim().Length > 0;
        try
        {
            var current = url;
            for (var hop = 0; ; hop++)
            {
                if (current.Scheme != Uri.UriSchemeHttp && current.Scheme != Uri.UriSchemeHttps)
                {
                    return Failed(attachment, "it redirected to a URL that is not http or https");
                }

                var check = await _guard.CheckAsync(current, linked.Token);
                if (check.Refusal is { } refusal)
                {
                    Log.Refused(_logger, attachment.Param, hop, refusal);
                    return AttachmentLoadResult.Refused(AttachmentErrors.Refused(attachment.Param, refusal));
                }

                if (check.Unresolvable)
                {
                    return Failed(attachment, "its host name could not be resolved");
                }

                using var lease = proxied ? _egress.Acquire(GrokEgress.Base, followRedirects: false, out _) : null;
                if (proxied && lease is null)
                {
                    return Failed(attachment, "the service's outbound proxy setting is unusable");
                }

                using var request = CreateRequest(current);
                using var response = await (lease?.Invoker ?? _direct).SendAsync(request, linked.Token);
                var status = (int)response.StatusCode;
                if (status is >= 300 and < 400 && response.Headers.Location is { } location)
                {
                    if (hop >= asset.FetchMaxRedirects)
                    {
                        return Failed(attachment, $"it redirected more than {asset.FetchMaxRedirects} times");
                    }

                    current = new Uri(current, location);
                    continue;
                }

                if (status is < 200 or >= 300)
                {
                    return Failed(attachment, $"the server answered HTTP {status}");
                }

                var (bytes, tooLarge) = await BoundedBody.ReadAsync(response.Content, AttachmentLimits.MaxBytes(asset), linked.Token);
                if (tooLarge)
                {
                    return AttachmentLoadResult.Refused(AttachmentErrors.TooLarge(attachment.Param, AttachmentLimits.MaxMb(asset)));
                }

                var name = AttachmentNames.Sanitize(attachment.FileName) ?? AttachmentNames.FromUrl(url);
                Log.Fetched(_logger, attachment.Param, bytes.Length, hop);
                return AttachmentLoadResult.Loaded(new LoadedAttachment(bytes, MimeTypeOf(response, name), name));
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return AttachmentLoadResult.Refused(AttachmentErrors.Timeout(attachment.Param, timeout.TotalSeconds));
        }
        catch (HttpRequestException e) when (FindRefusal(e) is { } refusal)
        {
            Log.Refused(_logger, attachment.Param, -1, refusal.Message);
            return AttachmentLoadResult.Refused(AttachmentErrors.Refused(attachment.Param, refusal.Message));
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            var reason = e is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError }
                ? "the connection failed"
                : "the connection broke off";

            // An expected failure (the client's URL does not answer): one line, no stack, no URL (its query may hold a key).
            Log.FetchFailed(_logger, attachment.Param, reason, e is HttpRequestException http ? http.HttpRequestError.ToString() : e.GetType().Name);
            return Failed(attachment, reason);
        }
    }

    /// <summary>The guarded direct invoker, for tests of the connect-time check.</summary>
    internal HttpMessageInvoker DirectInvoker => _direct;

    public void Dispose() => _direct.Dispose();

    private static HttpRequestMessage CreateRequest(Uri url)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url)
        {
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrHigher,
        };
        request.Headers.UserAgent.ParseAdd(UserAgent);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("*/*"));
        return request;
    }

    /// <summary>Content-Type, unless missing or the generic octet-stream; then by the name's extension; else octet-stream.</summary>
    private static string MimeTypeOf(HttpResponseMessage response, string name)
    {
        var declared = response.Content.Headers.ContentType?.MediaType?.ToLowerInvariant();
        return declared is { Length: > 0 } and not AttachmentNames.OctetStream
            ? declared
            : AttachmentNames.MimeTypeOf(name) ?? declared ?? AttachmentNames.OctetStream;
    }

    private static FetchRefusedException? FindRefusal(Exception e)
    {
        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is FetchRefusedException refused)
            {
                return refused;
            }
        }

        return null;
    }

    private static AttachmentLoadResult Failed(ConversationAttachment attachment, string reason) =>
        AttachmentLoadResult.Refused(AttachmentErrors.FetchFailed(attachment.Param, reason));

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.FetchRefused, Level = LogLevel.Information,
            Message = "Attachment URL at {Param} refused at hop {Hop}: {Reason}")]
        public static partial void Refused(ILogger logger, string param, int hop, string reason);

        [LoggerMessage(EventId = EventIds.FetchFailed, Level = LogLevel.Information,
            Message = "Attachment URL at {Param} could not be fetched: {Reason} ({Error})")]
        public static partial void FetchFailed(ILogger logger, string param, string reason, string error);

        [LoggerMessage(EventId = EventIds.Fetched, Level = LogLevel.Debug,
            Message = "Attachment URL at {Param} fetched: {Bytes} bytes after {Redirects} redirects")]
        public static partial void Fetched(ILogger logger, string param, int bytes, int redirects);
    }
}
