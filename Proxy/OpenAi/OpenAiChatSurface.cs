using Grok2Api.Proxy.Pipeline;
using Grok2Api.Transforms.Conversations;
using Grok2Api.Transforms.OpenAi;
using Grok2Api.Transforms.OpenAi.Chat;

namespace Grok2Api.Proxy.OpenAi;

/// <summary>
/// The OpenAI chat completions protocol of one request: SSE chunks or one JSON object, and
/// OpenAI-shaped errors with the status <see cref="OpenAiFailure"/> gives.
/// </summary>
internal sealed class OpenAiChatSurface(ChatAnswerOptions options) : IClientSurface
{
    public AnswerWriter CreateWriter(HttpContext context) => new ChatAnswerWriter(options, context.Response.BodyWriter);

    public void WriteHeaders(HttpResponse response, AnswerWriter writer)
    {
        if (writer.Streams)
        {
            response.ContentType = "text/event-stream; charset=utf-8";
            response.Headers.CacheControl = "no-cache";
            response.Headers["X-Accel-Buffering"] = "no";
        }
        else
        {
            response.ContentType = "application/json; charset=utf-8";
        }
    }

    public Task WriteFailureAsync(HttpContext context, UpstreamFailure failure)
    {
        var answer = OpenAiFailure.From(failure, options.Model);
        if (answer.RetryAfter is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = retryAfter;
        }

        return OpenAiErrorWriter.WriteAsync(context, answer.Status, new OpenAiErrorResponse(answer.Error));
    }
}
