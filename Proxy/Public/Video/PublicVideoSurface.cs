using System.Buffers;
using System.Text.Json;

namespace Grok2Api.Proxy.Public.Video;

/// <summary>
/// The chat surface of the video model (<see cref="OpenAiChatSurface"/>, its writer and headers as
/// <c>/v1/chat/completions</c> streams them), except that a failure before the first chunk is an event
/// too: <c>data: {"error":{...}}</c> and <c>data: [DONE]</c>, since a browser's EventSource cannot read
/// an error status.
/// </summary>
/// <param name="options">The answer settings.</param>
internal sealed class PublicVideoSurface(ChatAnswerOptions options) : IClientSurface
{
    private readonly OpenAiChatSurface _chat = new(options);

    public AnswerWriter CreateWriter(HttpContext context) => _chat.CreateWriter(context);

    public void WriteHeaders(HttpResponse response, AnswerWriter writer) => _chat.WriteHeaders(response, writer);

    public Task WriteFailureAsync(HttpContext context, UpstreamFailure failure)
    {
        ArgumentNullException.ThrowIfNull(context);
        return WriteErrorAsync(context.Response, OpenAiFailure.From(failure, options.Model).Error, context.RequestAborted);
    }

    /// <summary>Ends an event stream with one error event and <c>[DONE]</c>, opening it first if nothing was sent.</summary>
    public static async Task WriteErrorAsync(HttpResponse response, OpenAiError error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (!response.HasStarted)
        {
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = "text/event-stream";
            response.Headers.CacheControl = "no-cache";
        }

        var writer = response.BodyWriter;
        writer.Write("data: "u8);
        using (var json = new Utf8JsonWriter(writer))
        {
            JsonSerializer.Serialize(json, new OpenAiErrorResponse(error), OpenAiJsonContext.Default.OpenAiErrorResponse);
        }

        writer.Write("\n\ndata: [DONE]\n\n"u8);
        await writer.FlushAsync(cancellationToken);
    }
}
