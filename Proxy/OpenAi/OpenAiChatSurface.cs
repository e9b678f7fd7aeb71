namespace Grok2Api.Proxy.OpenAi;

/// <summary>
/// The OpenAI chat completions protocol of one request: SSE chunks or one JSON object (<see cref="ChatAnswerWriter"/>).
/// When the request describes tools to the model, the writer sits behind a <see cref="ToolCallFilter"/>, which turns
/// the model's call blocks into <c>tool_calls</c>.
/// </summary>
/// <param name="options">The request's answer settings.</param>
/// <param name="tools">The request's tools, or null when it offers none.</param>
internal sealed class OpenAiChatSurface(ChatAnswerOptions options, ToolSet? tools = null) : OpenAiSurface(options.Model)
{
    public override AnswerWriter CreateWriter(HttpContext context)
    {
        var writer = new ChatAnswerWriter(options, context.Response.BodyWriter);
        return tools is { Described: true } ? new ToolCallFilter(writer, tools) : writer;
    }
}
