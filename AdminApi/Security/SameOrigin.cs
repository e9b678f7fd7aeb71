namespace Grok2Api.AdminApi.Security;

/// <summary>
/// Whether a browser request comes from this site (docs/security.md, "Cross-site writes"): its
/// <c>Origin</c> is the request's own origin (scheme, host and port as the request sees them, the
/// scheme after a trusted proxy's <c>X-Forwarded-Proto</c>), or the browser marked it
/// <c>Sec-Fetch-Site: same-origin</c>. A page on another site can make a browser send a request,
/// but it cannot choose either header.
/// </summary>
internal static class SameOrigin
{
    private const string SecFetchSite = "Sec-Fetch-Site";

    /// <summary>Whether the method can change state (anything but GET, HEAD, OPTIONS and TRACE).</summary>
    public static bool IsUnsafe(string method) =>
        !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method));

    /// <summary>Whether the request proves it comes from this site; a request with neither header does not.</summary>
    public static bool IsProven(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var site = request.Headers[SecFetchSite];
        if (site.Count == 1 && string.Equals(site[0], "same-origin", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return HasOrigin(request) && OriginMatches(request);
    }

    /// <summary>Whether the request carries an <c>Origin</c> header (browsers send it on every POST).</summary>
    public static bool HasOrigin(HttpRequest request) => request.Headers.Origin.Count > 0;

    private static bool OriginMatches(HttpRequest request)
    {
        var origin = request.Headers.Origin;
        if (origin.Count != 1
            || !Uri.TryCreate(origin[0], UriKind.Absolute, out var claimed)
            || claimed.AbsolutePath != "/" || claimed.Query.Length > 0 || claimed.UserInfo.Length > 0
            || !request.Host.HasValue
            || !Uri.TryCreate(request.Scheme + "://" + request.Host.Value, UriKind.Absolute, out var own))
        {
            return false;
        }

        return (own.Scheme == Uri.UriSchemeHttp || own.Scheme == Uri.UriSchemeHttps)
            && string.Equals(claimed.Scheme, own.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(claimed.IdnHost, own.IdnHost, StringComparison.OrdinalIgnoreCase)
            && claimed.Port == own.Port;
    }
}
