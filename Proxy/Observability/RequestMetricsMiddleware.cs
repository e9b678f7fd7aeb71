using Microsoft.AspNetCore.Routing;

namespace Grok2Api.Proxy.Observability;

/// <summary>Counts every answered request by route pattern, model and status.</summary>
internal sealed class RequestMetricsMiddleware(RequestDelegate next, ProxyMetrics metrics)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        finally
        {
            var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "unmatched";
            var model = context.Items.TryGetValue(ProxyTelemetry.ModelItemKey, out var value) ? value as string : null;
            metrics.RequestCompleted(route, model, context.Response.StatusCode);
        }
    }
}
