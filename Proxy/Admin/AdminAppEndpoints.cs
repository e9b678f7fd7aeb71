namespace Grok2Api.Proxy.Admin;

/// <summary>
/// Serves the admin single-page app at <c>/admin</c>: its hashed assets for a year, and
/// <c>index.html</c> (never cached) for every app route, so a reload of <c>/admin/tokens</c> works.
/// The page may load nothing from another origin (its Content-Security-Policy says so), and it may
/// not be framed. The admin exposure guard in front of it applies as to the admin API.
/// </summary>
internal static class AdminAppEndpoints
{
    /// <summary>What the page may load: only its own origin (no CDN, no inline script).</summary>
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; "
        + "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>Maps <c>GET</c> and <c>HEAD</c> of <c>/admin</c> and every path below it, and of <c>/</c> (a redirect to <c>/admin/</c>, or to <c>/login</c> while <c>app.public_enabled</c> is on).</summary>
    /// <param name="endpoints">The route builder.</param>
    public static void MapAdminApp(this IEndpointRouteBuilder endpoints)
    {
        var files = AdminAppFiles.Load(typeof(AdminAppEndpoints).Assembly, "admin/", "index.html");
        string[] methods = [HttpMethods.Get, HttpMethods.Head];
        endpoints.MapMethods("/admin", methods, context => ServeAsync(context, files, ""));
        endpoints.MapMethods("/admin/{**path}", methods, context => ServeAsync(context, files, (string?)context.Request.RouteValues["path"] ?? ""));

        // The site's root leads to the admin app, as the original's did (to its login page). Last in order,
        // so an edge route an operator maps over "/" (a catch-all in the ReverseProxy section) still wins.
        endpoints.MapMethods("/", methods, context =>
        {
            // With the public playground on, the root leads to its login page instead, as the original's did.
            var playground = context.RequestServices.GetRequiredService<IOptionsMonitor<AppSection>>().CurrentValue.PublicEnabled;
            context.Response.Redirect($"{context.Request.PathBase}{(playground ? "/login" : "/admin/")}");
            return Task.CompletedTask;
        }).WithOrder(int.MaxValue);
    }

    private static Task ServeAsync(HttpContext context, AdminAppFiles files, string path) =>
        AppFileServer.ServeAsync(
            context, files, path, ContentSecurityPolicy, "The admin app was not built into this service (it was built with -p:SkipAdminSpa=true).");
}
