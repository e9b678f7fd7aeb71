namespace Grok2Api.Transforms.Grok;

/// <summary>Media types of asset downloads that get browser navigation headers (docs/grok-protocol.md §2.5).</summary>
public static class GrokMediaTypes
{
    /// <summary>The media type of a <c>.jpg</c>, <c>.jpeg</c>, <c>.png</c>, <c>.mp4</c> or <c>.webm</c> path, else null.</summary>
    /// <param name="path">A path, optionally with a query string.</param>
    public static string? FromPath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var end = path.IndexOfAny(['?', '#']);
        var bare = end < 0 ? path : path[..end];
        var dot = bare.LastIndexOf('.');
        if (dot < 0 || bare.IndexOf('/', dot) >= 0)
        {
            return null;
        }

        return bare[(dot + 1)..].ToLowerInvariant() switch
        {
            "jpg" or "jpeg" => "image/jpeg",
            "png" => "image/png",
            "mp4" => "video/mp4",
            "webm" => "video/webm",
            _ => null,
        };
    }
}
