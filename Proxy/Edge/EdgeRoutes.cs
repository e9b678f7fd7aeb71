using Yarp.ReverseProxy.Model;

namespace Grok2Api.Proxy.Edge;

/// <summary>Tells a request routed to an edge route (a YARP route of the "ReverseProxy" section) from our own surfaces.</summary>
internal static class EdgeRoutes
{
    /// <summary>
    /// True once routing matched one of YARP's endpoints (they carry their <see cref="RouteModel"/>);
    /// false before routing, for an unmatched request, and for the OpenAI, Anthropic and admin routes.
    /// </summary>
    public static bool IsEdge(HttpContext context) => context.GetEndpoint()?.Metadata.GetMetadata<RouteModel>() is not null;
}
