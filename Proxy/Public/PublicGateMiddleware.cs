namespace Grok2Api.Proxy.Public;

/// <summary>
/// In front of every <c>/v1/public</c> path: 404 while <c>app.public_enabled</c> is off; the login,
/// logout and Imagine config routes open; elsewhere the <see cref="PublicAccess"/> check (401, or 429
/// past the failed-auth limit). The three stream routes pass unauthenticated requests on: their live
/// task id is a capability of its own, and the endpoint rejects what has neither (a WebSocket by
/// closing it with 1008).
/// </summary>
internal sealed class PublicGateMiddleware(RequestDelegate next, PublicAccess access)
{
    /// <summary>The <see cref="HttpContext.Items"/> key set to true on an authenticated request.</summary>
    public const string AuthenticatedItem = "grok2api.public.authenticated";

    public Task InvokeAsync(HttpContext context)
    {
        if (!access.Enabled)
        {
            return PublicErrors.NotFoundAsync(context);
        }

        var path = context.Request.Path;
        if (PublicRoutes.IsOpen(path))
        {
            return next(context);
        }

        var blocked = access.Check(context);
        if (blocked.IsLimited)
        {
            return PublicAccess.TooManyFailuresAsync(context, blocked);
        }

        var stream = PublicRoutes.IsStream(path);
        if (access.IsAuthenticated(context, allowQuery: stream))
        {
            context.Items[AuthenticatedItem] = true;
            return next(context);
        }

        return stream ? next(context) : access.RejectAsync(context);
    }

    /// <summary>Whether the gate authenticated the request (rather than passing a stream on for its task id).</summary>
    public static bool IsAuthenticated(HttpContext context) => context.Items.ContainsKey(AuthenticatedItem);
}
