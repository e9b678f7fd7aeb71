using Grok2Api.Transforms.Grok.Chat;

namespace Grok2Api.Proxy.Chat;

/// <summary>
/// <c>POST /v1/chat/completions</c>, the OpenAI chat surface: a JSON body only (415 otherwise), its
/// size reserved in the process-wide <see cref="ChatMemoryBudget"/> before it is read (503 when
/// there is no room in time), read once and held once; the surface reader
/// (<see cref="ChatSurfaceReader"/>) turns it into a neutral conversation flattened for Grok; then
/// the <see cref="ConversationRunner"/> (shared with the Responses and Messages APIs) caps the
/// attachments, takes a concurrency slot, loads them and runs the <see cref="UpstreamPipeline"/>,
/// which tries accounts until one answers and writes the answer through the
/// <see cref="OpenAiChatSurface"/> (docs/adr/0004,
/// docs/architecture.md, docs/security.md).
/// </summary>
internal sealed class ChatCompletionsHandler(
    OpenAiRequestGate gate,
    Images.ImagineChat imagineChat,
    Images.Edits.ImageEditChat imageEditChat,
    Video.VideoChatHandler videoChat,
    IModelAliasSource modelAliases,
    ConversationRunner runner,
    IOptionsMonitor<ChatSection> chatSettings,
    IOptionsMonitor<AppSection> appSettings,
    TimeProvider time)
{
    public async Task HandleAsync(HttpContext context)
    {
        var chat = chatSettings.CurrentValue;
        var app = appSettings.CurrentValue;

        // Held once, to the end of the request: inline attachments are slices of it.
        using var body = await gate.ReadJsonAsync(context);
        if (body is null)
        {
            return;
        }

        var json = body.Memory;
        var aliases = modelAliases.Current;
        // Image generation through chat (grok-imagine-1.0, issue 9): answered by its own handler.
        if (await imagineChat.TryHandleAsync(context, json, aliases))
        {
            return;
        }

        if (!ChatSurfaceReader.TryRead(json, aliases, out var read, out var status, out var error))
        {
            if (status == 404)
            {
                context.Items[ProxyTelemetry.ModelItemKey] = "unknown";
            }

            await OpenAiErrorWriter.WriteAsync(context, status, error);
            return;
        }

        var (request, model, conversation, prompt) = read;
        context.Items[ProxyTelemetry.ModelItemKey] = model.Id;
        if (model.Capability == ModelCapability.ImageEdit)
        {
            // grok-imagine-1.0-edit (issue 9): the edit exchange, answered in chat shapes; the body stays held until it returns.
            await imageEditChat.HandleAsync(context, read, AnswerOptions(request, prompt, app));
            return;
        }

        // Video models: their own handler (docs/adr/0007), under the same cap of attachments.
        if (model.Capability == ModelCapability.Video)
        {
            if (ConversationRunner.TooManyAttachments(prompt, chat, "messages") is { } tooMany)
            {
                await ErrorAsync(context, 400, tooMany);
                return;
            }

            await videoChat.HandleAsync(context, read);
            return;
        }

        await runner.RunAsync(
            context, model, prompt, conversation.Options, new OpenAiChatSurface(AnswerOptions(request, prompt, app), conversation.Tools),
            error => ErrorAsync(context, 400, error), "messages");
    }

    private static Task ErrorAsync(HttpContext context, int status, OpenAiError error) =>
        OpenAiErrorWriter.WriteAsync(context, status, new OpenAiErrorResponse(error));

    private ChatAnswerOptions AnswerOptions(ChatCompletionRequest request, GrokPrompt prompt, AppSection app) =>
        ChatAnswerSettings.For(request, prompt.Message, app, time);
}
