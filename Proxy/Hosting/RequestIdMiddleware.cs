using System.Diagnostics;

namespace Grok2Api.Proxy.Hosting;

/// <summary>
/// Sends every client an <c>x-request-id</c> (the trace id when tracing is on) so a failure can be
/// matched with the log and trace; the same value becomes <see cref="HttpContext.TraceIdentifier"/>.
/// </summary>
internal sealed class RequestIdMiddleware(RequestDelegate next)
{
    public const string HeaderName = "x-request-id";

    public Task InvokeAsync(HttpContext context)
    {
        var id = Activity.Current?.TraceId.ToHexString() ?? context.TraceIdentifier;
        context.TraceIdentifier = id;
        context.Response.Headers[HeaderName] = id;
        return next(context);
    }
}
