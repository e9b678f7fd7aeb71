namespace Grok2Api.Proxy.Media;

/// <summary>
/// The <see cref="IMediaLinker"/> of one attempt: caches upstream images with the account
/// that generated them and links them for the client who asked (its host stands in for an empty
/// <c>app.app_url</c>). Create one per request, once the token is leased.
/// </summary>
internal sealed class RequestMediaLinker(IMediaCache cache, string token, HttpRequest request) : IMediaLinker
{
    public ValueTask<string?> LinkImageAsync(string assetPath, CancellationToken cancellationToken) =>
        new(cache.CacheAsync(MediaKind.Image, token, assetPath, request, cancellationToken));
}
