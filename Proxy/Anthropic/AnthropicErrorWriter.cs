using Grok2Api.Transforms.Anthropic;

namespace Grok2Api.Proxy.Anthropic;

/// <summary>Writes Anthropic-shaped error bodies, <c>{"type":"error","error":{"type","message"}}</c>, on the <c>/v1/messages</c> paths.</summary>
internal static class AnthropicErrorWriter
{
    /// <summary>Answers with <paramref name="error"/> and <paramref name="statusCode"/>.</summary>
    /// <param name="context">The request.</param>
    /// <param name="statusCode">The HTTP status.</param>
    /// <param name="error">The error.</param>
    public static async Task WriteAsync(HttpContext context, int statusCode, AnthropicError error)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.Body.WriteAsync(error.ToUtf8(), context.RequestAborted);
    }

    /// <summary>Answers with the error type Anthropic gives <paramref name="statusCode"/> and <paramref name="message"/>.</summary>
    /// <param name="context">The request.</param>
    /// <param name="statusCode">The HTTP status.</param>
    /// <param name="message">The message.</param>
    public static Task WriteAsync(HttpContext context, int statusCode, string message) =>
        WriteAsync(context, statusCode, AnthropicError.ForStatus(statusCode, message));
}
