using Grok2Api.Transforms.Anthropic;

namespace Grok2Api.Proxy.Anthropic;

/// <summary>
/// The Anthropic Messages protocol of one request: the <see cref="AnthropicMessageWriter"/> (inside a
/// <see cref="TextLimitFilter"/> when the request limits the answer, and that inside a
/// <see cref="ToolCallFilter"/> when it offers tools, so the limit sees only text), SSE or JSON headers,
/// and Anthropic-shaped errors with the status <see cref="AnthropicFailure"/> gives (Retry-After on a 429).
/// </summary>
/// <param name="request">The request.</param>
/// <param name="options">The answer settings.</param>
internal sealed class AnthropicSurface(AnthropicRequest request, AnthropicAnswerOptions options) : IClientSurface
{
    /// <inheritdoc />
    public AnswerWriter CreateWriter(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        AnswerWriter writer = new AnthropicMessageWriter(options, context.Response.BodyWriter);
        if (TextLimitFilter.Applies(request.MaxTokens, request.StopSequences))
        {
            writer = new TextLimitFilter(writer, request.MaxTokens, request.StopSequences);
        }

        if (request.Conversation.Tools is { Described: true } tools)
        {
            writer = new ToolCallFilter(writer, tools);
        }

        return writer;
    }

    /// <inheritdoc />
    public void WriteHeaders(HttpResponse response, AnswerWriter writer) => AnswerHeaders.Write(response, writer);

    /// <inheritdoc />
    public Task WriteFailureAsync(HttpContext context, UpstreamFailure failure)
    {
        ArgumentNullException.ThrowIfNull(context);
        var answer = AnthropicFailure.From(failure, options.Model);
        if (answer.RetryAfter is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = retryAfter;
        }

        return AnthropicErrorWriter.WriteAsync(context, answer.Status, answer.Error);
    }
}
