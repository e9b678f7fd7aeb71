using Grok2Api.Transforms.OpenAi.Responses;

namespace Grok2Api.Proxy.Responses;

/// <summary>
/// The OpenAI Responses protocol of one request: a <c>response</c> object or its SSE events
/// (<see cref="ResponsesAnswerWriter"/>), behind a <see cref="TextLimitFilter"/> for <c>max_output_tokens</c>
/// and a <see cref="ToolCallFilter"/> when the request offers tools; errors before the answer begins in the OpenAI shape. Keeps the writer of the last
/// attempt, whose <see cref="ResponsesAnswerWriter.Result"/> the handler stores.
/// </summary>
/// <param name="options">The answer settings.</param>
/// <param name="tools">The request's tools, or null.</param>
internal sealed class OpenAiResponsesSurface(ResponsesAnswerOptions options, ToolSet? tools) : OpenAiSurface(options.Request.Model)
{
    private ResponsesAnswerWriter? _last;

    /// <summary>What the last attempt's writer produced when it completed; null otherwise.</summary>
    public ResponsesResult? Result => _last?.Result;

    /// <inheritdoc />
    public override AnswerWriter CreateWriter(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var writer = new ResponsesAnswerWriter(options, context.Response.BodyWriter);
        _last = writer;

        // max_output_tokens ends the text there: the response is then "incomplete" (reason max_output_tokens).
        AnswerWriter limited = options.Request.MaxOutputTokens is { } max ? new TextLimitFilter(writer, max, []) : writer;
        return tools is { Described: true } ? new ToolCallFilter(limited, tools) : limited;
    }
}
