using Microsoft.AspNetCore.Diagnostics;

namespace Grok2Api.Proxy.OpenAi;

/// <summary>
/// The last line of defence: an exception that escaped a handler is logged once and answered in
/// the shape of its route group (OpenAI errors under <c>/v1</c>, problem details elsewhere). Bad
/// requests detected by the framework (<see cref="BadHttpRequestException"/>: oversized or
/// malformed bodies) keep their 4xx status. A client that went away gets nothing.
/// </summary>
internal sealed partial class GrokExceptionHandler(IProblemDetailsService problemDetails, ILogger<GrokExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (context.RequestAborted.IsCancellationRequested)
        {
            LogClientAborted(logger, context.Request.Path);
            return true;
        }

        var status = exception is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError;
        if (status >= 500)
        {
            LogUnhandled(logger, exception, context.Request.Method, context.Request.Path);
        }

        if (context.Response.HasStarted)
        {
            return true;
        }

        context.Response.Clear();
        if (ApiPaths.IsOpenAi(context.Request.Path))
        {
            var error = status >= 500
                ? OpenAiErrors.Internal(context.TraceIdentifier)
                : OpenAiErrors.Create(exception.Message, OpenAiErrorTypes.InvalidRequest, null, status == 413 ? "request_too_large" : "invalid_request");
            await OpenAiErrorWriter.WriteAsync(context, status, error);
            return true;
        }

        context.Response.StatusCode = status;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails =
            {
                Status = status,
                Detail = status >= 500 ? $"Unexpected error (request id {context.TraceIdentifier})." : exception.Message,
            },
        });
    }

    [LoggerMessage(EventId = EventIds.UnhandledException, Level = LogLevel.Error, Message = "Unhandled exception on {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path);

    [LoggerMessage(EventId = EventIds.ClientWentAway, Level = LogLevel.Debug, Message = "Client went away during {Path}")]
    private static partial void LogClientAborted(ILogger logger, string path);
}
