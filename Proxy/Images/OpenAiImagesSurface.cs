using Grok2Api.Proxy.OpenAi;
using Grok2Api.Proxy.Pipeline;
using Grok2Api.Transforms.Conversations;
using Grok2Api.Transforms.OpenAi;
using Grok2Api.Transforms.OpenAi.Images;

namespace Grok2Api.Proxy.Images;

/// <summary>
/// The OpenAI images protocol of one request (generations and edits): an SSE stream of image events
/// or one JSON answer (<see cref="ImageAnswerWriter"/>), and OpenAI-shaped errors with the status
/// <see cref="OpenAiFailure"/> gives (a blocked prompt is a 400 <c>content_policy_violation</c>).
/// </summary>
internal sealed class OpenAiImagesSurface(ImageAnswerOptions options) : IClientSurface
{
    /// <summary>The request's answer settings.</summary>
    public ImageAnswerOptions Options => options;

    public AnswerWriter CreateWriter(HttpContext context) => new ImageAnswerWriter(options, context.Response.BodyWriter);

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
