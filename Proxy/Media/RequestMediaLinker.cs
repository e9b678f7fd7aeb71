namespace Grok2Api.Proxy.Media;

/// <summary>
/// The <see cref="IMediaLinker"/> of one attempt: caches upstream images with the account
/// that generated them and links them for the client who asked (its host stands in for an empty
/// <c>app.app_url</c>). With <see cref="ImageResponseFormat.Base64"/> (<c>app.image_format</c>
/// <c>base64</c>) the cached image is shown inline as a <c>data:</c> URI instead, as the original did,
/// within the bound of <see cref="CachedImageBase64"/>; a larger image keeps its link. Create one per
/// request, once the token is leased.
/// </summary>
internal sealed partial class RequestMediaLinker(
    IMediaCache cache, string token, HttpRequest request, ImageResponseFormat format, ILogger logger) : IMediaLinker
{
    public async ValueTask<string?> LinkImageAsync(string assetPath, CancellationToken cancellationToken)
    {
        var url = await cache.CacheAsync(MediaKind.Image, token, assetPath, request, cancellationToken);
        if (url is null || format != ImageResponseFormat.Base64 || MediaFileNames.FromAssetPath(assetPath) is not { } name)
        {
            return url;
        }

        var read = cache.Find(MediaKind.Image, name) is { } file
            ? await CachedImageBase64.ReadAsync(file, cancellationToken)
            : CachedImageRead.Missing;
        if (read.IsRead)
        {
            return GeneratedImage.WithBase64(0, name, read.MediaType, read.Base64).ToLink();
        }

        if (read.TooLargeLength > 0)
        {
            Log.TooLargeToInline(logger, name, read.TooLargeLength, CachedImageBase64.MaxFileBytes);
            return url;
        }

        // Trimmed between the download and the read: left out, as an image that could not be downloaded.
        return null;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.InlineImageTooLarge, Level = LogLevel.Warning,
            Message = "The generated image {Name} ({Length} bytes) is larger than the {Limit} bytes shown inline (app.image_format base64); it is linked instead")]
        public static partial void TooLargeToInline(ILogger logger, string name, long length, int limit);
    }
}
