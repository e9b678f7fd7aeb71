using Grok2Api.Proxy.Media;
using Grok2Api.Transforms.OpenAi.Chat;

namespace Grok2Api.Proxy.Chat;

/// <summary>Links the images of one answer through the media cache, downloading them with the account that generated them.</summary>
internal sealed class ChatMediaLinker(IMediaCache cache, string token, HttpRequest request) : IChatMediaLinker
{
    public async ValueTask<string?> LinkImageAsync(string assetPath, CancellationToken cancellationToken) =>
        await cache.CacheAsync(MediaKind.Image, token, assetPath, request, cancellationToken);
}
