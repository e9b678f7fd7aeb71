namespace Grok2Api.Proxy.Media;

/// <summary>
/// Names of cached media files: the asset path with "/" replaced by "-" (the original's naming, so an
/// existing DATA_DIR/tmp keeps working), restricted to one safe segment, and their content types.
/// </summary>
internal static class MediaFileNames
{
    private const int MaxLength = 255;

    /// <summary>
    /// True for a name that can only mean a file directly inside a cache directory: ASCII letters,
    /// digits, '-', '_' and '.', not starting with '.' (temp files do) and without "..".
    /// </summary>
    public static bool IsSafe(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxLength || name[0] == '.' || name.Contains("..", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The cached file a <c>/v1/files/{kind}/...</c> path names. Links the original project handed
    /// out carry the asset path with its slashes (<c>/v1/files/image/users/u/generated/id/image.jpg</c>);
    /// like the original, they are joined with "-" so existing links keep working.
    /// </summary>
    public static string? FromUrlPath(string? path)
    {
        var name = path?.Trim('/').Replace('/', '-');
        return IsSafe(name) ? name : null;
    }

    /// <summary>
    /// The file name of an asset: an absolute http(s) URL is reduced to its path, a query or fragment is
    /// dropped, the leading "/" removed and every other "/" replaced by "-"; null when the result is not safe.
    /// </summary>
    /// <param name="assetPath">E.g. <c>users/u1/generated/i1/image.jpg</c> or <c>https://assets.grok.com/users/…</c>.</param>
    public static string? FromAssetPath(string assetPath)
    {
        var path = Uri.TryCreate(assetPath, UriKind.Absolute, out var absolute)
            && (absolute.Scheme == Uri.UriSchemeHttp || absolute.Scheme == Uri.UriSchemeHttps)
                ? absolute.AbsolutePath
                : assetPath;
        var end = path.IndexOfAny(['?', '#']);
        if (end >= 0)
        {
            path = path[..end];
        }

        var name = path.TrimStart('/').Replace('/', '-');
        return IsSafe(name) ? name : null;
    }

    /// <summary>The content type served for a cached file, by extension.</summary>
    public static string ContentTypeOf(string name) => Path.GetExtension(name).ToLowerInvariant() switch
    {
        ".jpg" or ".jpeg" => "image/jpeg",
        ".png" => "image/png",
        ".webp" => "image/webp",
        ".gif" => "image/gif",
        ".mp4" => "video/mp4",
        ".webm" => "video/webm",
        _ => "application/octet-stream",
    };

    /// <summary>The URL segment of a kind: <c>image</c> or <c>video</c>.</summary>
    public static string SegmentOf(MediaKind kind) => kind == MediaKind.Video ? "video" : "image";

    /// <summary>The kind of a URL segment (exactly <c>image</c> or <c>video</c>).</summary>
    public static MediaKind? KindOf(string? segment) => segment switch
    {
        "image" => MediaKind.Image,
        "video" => MediaKind.Video,
        _ => null,
    };
}
