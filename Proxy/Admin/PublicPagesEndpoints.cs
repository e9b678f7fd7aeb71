using Grok2Api.Configuration;
using Microsoft.Extensions.Options;

namespace Grok2Api.Proxy.Admin;

/// <summary>
/// Serves the public pages (the playground: <c>/login</c>, <c>/imagine</c>, <c>/video</c>,
/// <c>/voice</c>) and their hashed assets below <c>/public/</c>, built from admin-spa/ as a second
/// app that shares nothing at run time with the admin app (docs/adr/0027-public-pages.md). While
/// <c>app.public_enabled</c> is off (read live, so a config change applies at once) every one of
/// these paths is a plain 404, as the public API is.
/// </summary>
internal static class PublicPagesEndpoints
{
    /// <summary>The routes the page answers, as the original had them.</summary>
    public static readonly string[] Routes = ["/login", "/imagine", "/video", "/voice"];

    /// <summary>
    /// The admin app's policy, except that the voice page connects to the LiveKit server the token names
    /// (<c>upstream.livekit_url</c>, read live: its WebSocket origin and the HTTP(S) one LiveKit checks when
    /// a connection fails), and a video the service links to on another address (<c>app.app_url</c>) may play.
    /// </summary>
    private const string PolicyBefore =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; media-src 'self' blob: https:; connect-src 'self'";

    private const string PolicyAfter = "; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private const string NotBuilt = "The public pages were not built into this service (it was built with -p:SkipAdminSpa=true).";

    /// <summary>Maps <c>GET</c> and <c>HEAD</c> of the four pages and of <c>/public/</c> and every path below it.</summary>
    /// <param name="endpoints">The route builder.</param>
    public static void MapPublicPages(this IEndpointRouteBuilder endpoints)
    {
        var files = AdminAppFiles.Load(typeof(PublicPagesEndpoints).Assembly, "public/", "playground.html");
        string[] methods = [HttpMethods.Get, HttpMethods.Head];
        foreach (var route in Routes)
        {
            endpoints.MapMethods(route, methods, context => ServeAsync(context, files, ""));
        }

        // Only files below /public/ (the assets); a path there without a dot is not a page.
        endpoints.MapMethods("/public/{**path}", methods, context =>
        {
            var path = (string?)context.Request.RouteValues["path"] ?? "";
            return path.Contains('.', StringComparison.Ordinal) ? ServeAsync(context, files, path) : AppFileServer.NotFoundAsync(context);
        });
    }

    private static Task ServeAsync(HttpContext context, AdminAppFiles files, string path)
    {
        var app = context.RequestServices.GetRequiredService<IOptionsMonitor<AppSection>>().CurrentValue;
        if (!app.PublicEnabled)
        {
            return AppFileServer.NotFoundAsync(context);
        }

        var livekit = context.RequestServices.GetRequiredService<IOptionsMonitor<UpstreamSection>>().CurrentValue.LivekitUrl;
        return AppFileServer.ServeAsync(context, files, path, ContentSecurityPolicy(livekit), NotBuilt);
    }

    /// <summary>The page's policy with the LiveKit server at <paramref name="livekitUrl"/> allowed to connect to.</summary>
    /// <param name="livekitUrl">An absolute ws, wss, http or https URL (validated by the config).</param>
    internal static string ContentSecurityPolicy(string livekitUrl)
    {
        if (!Uri.TryCreate(livekitUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("ws" or "wss" or "http" or "https"))
        {
            return PolicyBefore + PolicyAfter;
        }

        var secure = uri.Scheme is "wss" or "https";
        var authority = uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}";
        if (uri.HostNameType == UriHostNameType.IPv6)
        {
            authority = uri.IsDefaultPort ? $"[{uri.DnsSafeHost}]" : $"[{uri.DnsSafeHost}]:{uri.Port}";
        }

        return $"{PolicyBefore} {(secure ? "wss" : "ws")}://{authority} {(secure ? "https" : "http")}://{authority}{PolicyAfter}";
    }
}
