namespace Grok2Api.Proxy.OpenAi;

/// <summary>The OpenAI chat completions protocol of one request: SSE chunks or one JSON object (<see cref="ChatAnswerWriter"/>).</summary>
/// <param name="options">The request's answer settings.</param>
internal sealed class OpenAiChatSurface(ChatAnswerOptions options) : OpenAiSurface(options.Model)
{
    public override AnswerWriter CreateWriter(HttpContext context) => new ChatAnswerWriter(options, context.Response.BodyWriter);
}
