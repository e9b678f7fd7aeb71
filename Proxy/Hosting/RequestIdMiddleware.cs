using System.Diagnostics;

namespace Grok2Api.Proxy.Hosting;

/// <summary>
/// Sends every client an <c>x-request-id</c> so a failure can be matched with the log and trace; the
/// same value becomes <see cref="HttpContext.TraceIdentifier"/>. It is a W3C trace id (32 hex digits):
/// the request's when tracing is on (an OTLP collector is configured), else the client's
/// <c>traceparent</c> trace id when it sent a valid one, else a new random one. In the log file (the
/// console shows no properties) it is the trace id of the request's events when tracing is on, else
/// their <c>RequestId</c> property; without a log file nothing is pushed, so a request pays for no
/// log context it would never write.
/// </summary>
internal sealed class RequestIdMiddleware(RequestDelegate next, HostSettings settings)
{
    public const string HeaderName = "x-request-id";

    /// <summary>The log-file property that carries the request id of a request without an activity.</summary>
    public const string LogPropertyName = "RequestId";

    // "00-<32 hex trace id>-<16 hex parent id>-<2 hex flags>"
    private const int TraceParentLength = 55;
    private static readonly System.Buffers.SearchValues<char> LowerHex = System.Buffers.SearchValues.Create("0123456789abcdef");

    public Task InvokeAsync(HttpContext context)
    {
        var activity = Activity.Current;
        var id = activity?.TraceId.ToHexString() ?? FromTraceParent(context.Request.Headers.TraceParent) ?? ActivityTraceId.CreateRandom().ToHexString();
        context.TraceIdentifier = id;
        context.Response.Headers[HeaderName] = id;
        return activity is null && settings.LogFileEnabled ? WithLogPropertyAsync(context, id) : next(context);
    }

    private async Task WithLogPropertyAsync(HttpContext context, string id)
    {
        using (Serilog.Context.LogContext.PushProperty(LogPropertyName, id))
        {
            await next(context);
        }
    }

    private static string? FromTraceParent(Microsoft.Extensions.Primitives.StringValues header)
    {
        if (header.Count != 1 || header[0] is not { Length: TraceParentLength } value || value[2] != '-' || value[35] != '-')
        {
            return null;
        }

        var traceId = value.AsSpan(3, 32);
        if (traceId.ContainsAnyExcept(LowerHex) || !traceId.ContainsAnyExcept('0'))
        {
            return null;
        }

        return traceId.ToString();
    }
}
