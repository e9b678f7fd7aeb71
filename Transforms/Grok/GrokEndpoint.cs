namespace Grok2Api.Transforms.Grok;

/// <summary>
/// One upstream endpoint: where it lives, how it is called and which Origin/Referer the browser
/// client sends with it (docs/grok-protocol.md §1.2). Instances are immutable; the catalog is
/// <see cref="GrokEndpoints"/>.
/// </summary>
/// <param name="Name">A stable snake_case name for logs and metrics (for example <c>rate_limits</c>).</param>
/// <param name="Method">The HTTP method.</param>
/// <param name="Host">The configured host the request goes to.</param>
/// <param name="Path">The path (and query) appended to <paramref name="Host"/>'s URL; starts with <c>/</c>.</param>
/// <param name="RefererHost">The host whose origin starts the Referer.</param>
/// <param name="RefererPath">What follows the origin in the Referer: <c>/</c>, empty, <c>/files</c>, …</param>
/// <param name="Style">The header flavour.</param>
/// <param name="Egress">Which egress proxy carries the call.</param>
public sealed record GrokEndpoint(
    string Name,
    HttpMethod Method,
    GrokHost Host,
    string Path,
    GrokHost RefererHost,
    string RefererPath,
    GrokRequestStyle Style,
    GrokEgress Egress)
{
    /// <summary>The Origin header comes from this host: the request host for every endpoint.</summary>
    public GrokHost OriginHost => Host;

    /// <summary>Whether redirects are followed: only for asset downloads.</summary>
    public bool FollowRedirects => Style == GrokRequestStyle.AssetDownload;

    /// <summary>
    /// The <c>Content-Type</c> sent, even on GET and DELETE: JSON for REST, gRPC-web for gRPC, and
    /// for downloads the media type of the path's extension (<see cref="GrokMediaTypes"/>) or JSON.
    /// </summary>
    public string ContentType => Style switch
    {
        GrokRequestStyle.GrpcWeb => GrokHeaderValues.GrpcWebContentType,
        GrokRequestStyle.AssetDownload => GrokMediaTypes.FromPath(Path) ?? GrokHeaderValues.JsonContentType,
        _ => GrokHeaderValues.JsonContentType,
    };
}
