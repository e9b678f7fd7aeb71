namespace Grok2Api.Transforms.Grok;

/// <summary>
/// Builds the header set of a logical upstream request: the common set of docs/grok-protocol.md
/// §2.3, the per-endpoint Origin/Referer of §1.2 derived from the configured URLs, and the gRPC-web
/// or asset-download extras. Pure: no I/O, no randomness except <see cref="Guid.NewGuid"/> in the
/// overload that takes no request id.
/// </summary>
public static class GrokRequestHeadersBuilder
{
    /// <summary>Builds the set with a fresh UUIDv4 request id: call once per logical request.</summary>
    /// <param name="endpoint">The endpoint.</param>
    /// <param name="urls">The configured upstream URLs.</param>
    /// <param name="profile">The operator-supplied values.</param>
    /// <param name="token">The account token; a leading <c>sso=</c> is removed.</param>
    /// <exception cref="ArgumentException">The token or a profile value cannot be sent in a header.</exception>
    public static GrokRequestHeaders Build(GrokEndpoint endpoint, GrokUpstreamUrls urls, GrokClientProfile profile, string token) =>
        Build(endpoint, urls, profile, token, Guid.NewGuid());

    /// <summary>Builds the set with a given request id.</summary>
    /// <param name="endpoint">The endpoint.</param>
    /// <param name="urls">The configured upstream URLs.</param>
    /// <param name="profile">The operator-supplied values.</param>
    /// <param name="token">The account token; a leading <c>sso=</c> is removed.</param>
    /// <param name="requestId">The <c>x-xai-request-id</c>.</param>
    /// <exception cref="ArgumentException">The token or a profile value cannot be sent in a header.</exception>
    public static GrokRequestHeaders Build(
        GrokEndpoint endpoint, GrokUpstreamUrls urls, GrokClientProfile profile, string token, Guid requestId)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(urls);
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(token);
        profile.RequireSendable();

        var download = endpoint.Style == GrokRequestStyle.AssetDownload;
        var media = download && GrokMediaTypes.FromPath(endpoint.Path) is not null;
        var origin = urls.OriginOf(endpoint.OriginHost);
        var sameHost = string.Equals(
            urls.HostNameOf(endpoint.OriginHost), urls.HostNameOf(endpoint.RefererHost), StringComparison.OrdinalIgnoreCase);

        // Room for the most a request sends (24: the common set, the statsig and request ids, four extras).
        var headers = new List<KeyValuePair<string, string>>(24);
        void Add(string name, string value) => headers.Add(new(name, value));

        Add(GrokHeaderNames.AcceptEncoding, GrokHeaderValues.AcceptEncoding);
        Add(GrokHeaderNames.AcceptLanguage, GrokHeaderValues.AcceptLanguage);
        Add(GrokHeaderNames.Baggage, GrokHeaderValues.Baggage);
        Add(GrokHeaderNames.Origin, origin);
        Add(GrokHeaderNames.Priority, download ? GrokHeaderValues.DownloadPriority : GrokHeaderValues.Priority);
        Add(GrokHeaderNames.Referer, urls.RefererOf(endpoint));
        Add(GrokHeaderNames.SecChUa, GrokHeaderValues.SecChUa);
        Add(GrokHeaderNames.SecChUaArch, GrokHeaderValues.SecChUaArch);
        Add(GrokHeaderNames.SecChUaBitness, GrokHeaderValues.SecChUaBitness);
        Add(GrokHeaderNames.SecChUaMobile, GrokHeaderValues.SecChUaMobile);
        Add(GrokHeaderNames.SecChUaModel, GrokHeaderValues.SecChUaModel);
        Add(GrokHeaderNames.SecChUaPlatform, GrokHeaderValues.SecChUaPlatform);
        Add(GrokHeaderNames.SecFetchMode, download ? GrokHeaderValues.FetchModeNavigate : GrokHeaderValues.FetchModeCors);
        Add(GrokHeaderNames.UserAgent, profile.UserAgent);
        Add(GrokHeaderNames.Cookie, GrokCookie.For(token, profile.CfClearance));
        Add(GrokHeaderNames.Accept, media ? GrokHeaderValues.AcceptNavigation : GrokHeaderValues.AcceptAny);
        Add(GrokHeaderNames.SecFetchDest, media ? GrokHeaderValues.FetchDestDocument : GrokHeaderValues.FetchDestEmpty);
        Add(GrokHeaderNames.SecFetchSite, sameHost ? GrokHeaderValues.FetchSiteSameOrigin : GrokHeaderValues.FetchSiteSameSite);

        // Only a value the operator copied from their browser is forwarded; none is ever generated.
        if (profile.StatsigId.Length > 0)
        {
            Add(GrokHeaderNames.StatsigId, profile.StatsigId);
        }

        Add(GrokHeaderNames.RequestId, requestId.ToString("D"));

        if (endpoint.Style == GrokRequestStyle.GrpcWeb)
        {
            Add(GrokHeaderNames.GrpcWeb, GrokHeaderValues.GrpcWeb);
            Add(GrokHeaderNames.GrpcUserAgent, GrokHeaderValues.GrpcUserAgent);
            Add(GrokHeaderNames.CacheControl, GrokHeaderValues.NoCache);
            Add(GrokHeaderNames.Pragma, GrokHeaderValues.NoCache);
        }
        else if (download)
        {
            Add(GrokHeaderNames.CacheControl, GrokHeaderValues.NoCache);
            Add(GrokHeaderNames.Pragma, GrokHeaderValues.NoCache);
            Add(GrokHeaderNames.SecFetchUser, GrokHeaderValues.FetchUser);
            Add(GrokHeaderNames.UpgradeInsecureRequests, GrokHeaderValues.UpgradeInsecureRequests);
        }

        return new GrokRequestHeaders(requestId, endpoint.ContentType, headers.AsReadOnly());
    }
}
