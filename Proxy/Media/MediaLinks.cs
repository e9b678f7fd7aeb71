namespace Grok2Api.Proxy.Media;

/// <summary>
/// The public <c>/v1/files/{image|video}/{name}</c> URLs of cached media: built from <c>app.app_url</c>,
/// or from the client's own request when that is empty, and recognised again when a client sends one back.
/// </summary>
internal static class MediaLinks
{
    private const string FilesPath = "/v1/files/";

    /// <summary>
    /// <c>&lt;app_url without trailing slash&gt;/v1/files/&lt;kind&gt;/&lt;name&gt;</c>; when <paramref name="appUrl"/> is
    /// empty, the request's scheme, host and path base stand in for it.
    /// </summary>
    public static string PublicUrl(string appUrl, HttpRequest request, MediaKind kind, string name) =>
        BaseOf(appUrl, request) + FilesPath + MediaFileNames.SegmentOf(kind) + "/" + Uri.EscapeDataString(name);

    /// <summary>
    /// True when <paramref name="url"/> points at this service's <c>/v1/files/</c>, through
    /// <paramref name="appUrl"/> or the request's own scheme and host (+ path base); then
    /// <paramref name="kind"/> and <paramref name="name"/> are what it names, null when it names no valid
    /// file (an unknown kind, a nested path, an unsafe name).
    /// </summary>
    public static bool IsOwnFileLink(Uri url, string appUrl, HttpRequest request, out MediaKind? kind, out string? name)
    {
        kind = null;
        name = null;
        string? rest = null;
        if (Uri.TryCreate(appUrl.Trim(), UriKind.Absolute, out var app))
        {
            rest = RestAfterFiles(url, app);
        }

        if (rest is null && request.Host.HasValue
            && Uri.TryCreate(BaseOf("", request) + "/", UriKind.Absolute, out var own))
        {
            rest = RestAfterFiles(url, own);
        }

        if (rest is null)
        {
            return false;
        }

        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0 && MediaFileNames.KindOf(rest[..slash]) is { } parsed)
        {
            var candidate = MediaFileNames.FromUrlPath(Uri.UnescapeDataString(rest[(slash + 1)..]));
            if (candidate is not null)
            {
                kind = parsed;
                name = candidate;
            }
        }

        return true;
    }

    private static string BaseOf(string appUrl, HttpRequest request)
    {
        var trimmed = appUrl.Trim().TrimEnd('/');
        return trimmed.Length > 0 ? trimmed : $"{request.Scheme}://{request.Host.ToUriComponent()}{request.PathBase.ToUriComponent()}";
    }

    /// <summary>What follows <c>&lt;base&gt;/v1/files/</c> in the URL's (still escaped) path, or null when the URL is elsewhere.</summary>
    private static string? RestAfterFiles(Uri url, Uri root)
    {
        if (!string.Equals(url.Scheme, root.Scheme, StringComparison.OrdinalIgnoreCase)
            || !string.Equals(url.IdnHost, root.IdnHost, StringComparison.OrdinalIgnoreCase)
            || url.Port != root.Port)
        {
            return null;
        }

        var prefix = root.AbsolutePath.TrimEnd('/') + FilesPath;
        var path = url.AbsolutePath;
        return path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) ? path[prefix.Length..] : null;
    }
}
