namespace Grok2Api.Proxy.Observability;

/// <summary>
/// The request log: one line per request, written when it ends, with the method, the path (never
/// the query string, which may carry a key), the status, the duration and, when an account was
/// leased, its public token id (never the token). Headers, cookies and bodies are never logged.
/// A client that went away and a failure that escaped the handler are one line too, without a stack.
/// </summary>
internal sealed partial class RequestLogMiddleware(RequestDelegate next, TimeProvider timeProvider, ILogger<RequestLogMiddleware> logger)
{
    /// <summary>The <see cref="HttpContext.Items"/> key under which handlers put the public id of the account a request used.</summary>
    public const string TokenIdItemKey = "grok2api.token_id";

    private const int CompletedEventId = 3500;
    private const int AbortedEventId = 3501;
    private const int FailedEventId = 3502;
    private const string NoToken = "-";

    /// <summary>Runs the rest of the pipeline and writes the request's line.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        var started = timeProvider.GetTimestamp();
        try
        {
            await next(context);
        }
        catch (Exception ex)
        {
            Write(context, started, ex);
            throw;
        }

        Write(context, started, null);
    }

    private void Write(HttpContext context, long started, Exception? escaped)
    {
        var elapsedMs = timeProvider.GetElapsedTime(started).TotalMilliseconds;
        var method = Printable(context.Request.Method);
        var path = Printable(string.Concat(context.Request.PathBase.Value, context.Request.Path.Value));
        var tokenId = context.Items.TryGetValue(TokenIdItemKey, out var value) && value is string { Length: > 0 } id ? Printable(id) : NoToken;
        var status = context.Response.StatusCode;
        if (context.RequestAborted.IsCancellationRequested)
        {
            LogAborted(logger, method, path, status, elapsedMs, tokenId);
        }
        else if (escaped is not null)
        {
            LogFailed(logger, method, path, elapsedMs, tokenId, escaped.GetType().Name);
        }
        else
        {
            var level = status >= StatusCodes.Status500InternalServerError ? LogLevel.Warning : LogLevel.Information;
            LogCompleted(logger, level, method, path, status, elapsedMs, tokenId);
        }
    }

    /// <summary>The text with control characters (a decoded <c>%0A</c> in a path) replaced, so one request stays one line.</summary>
    private static string Printable(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        if (!ContainsControl(text))
        {
            return text;
        }

        return string.Create(text.Length, text, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = char.IsControl(source[i]) ? '?' : source[i];
            }
        });
    }

    // A loop, not LINQ's Any: no enumerator boxed for every request's method and path.
    private static bool ContainsControl(string text)
    {
        foreach (var c in text)
        {
            if (char.IsControl(c))
            {
                return true;
            }
        }

        return false;
    }

    [LoggerMessage(EventId = CompletedEventId, EventName = "RequestCompleted",
        Message = "HTTP {Method} {Path} responded {StatusCode} in {ElapsedMs:0.0} ms, token {TokenId}")]
    private static partial void LogCompleted(ILogger logger, LogLevel level, string method, string path, int statusCode, double elapsedMs, string tokenId);

    [LoggerMessage(EventId = AbortedEventId, EventName = "RequestAborted", Level = LogLevel.Information,
        Message = "HTTP {Method} {Path} aborted by the client at status {StatusCode} after {ElapsedMs:0.0} ms, token {TokenId}")]
    private static partial void LogAborted(ILogger logger, string method, string path, int statusCode, double elapsedMs, string tokenId);

    [LoggerMessage(EventId = FailedEventId, EventName = "RequestFailed", Level = LogLevel.Warning,
        Message = "HTTP {Method} {Path} failed with {Error} after {ElapsedMs:0.0} ms, token {TokenId}")]
    private static partial void LogFailed(ILogger logger, string method, string path, double elapsedMs, string tokenId, string error);
}
