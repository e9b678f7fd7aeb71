using Grok2Api.Transforms.Grok.Chat;

namespace Grok2Api.Proxy.Chat;

/// <summary>
/// <c>POST /v1/chat/completions</c>, the OpenAI chat surface: a JSON body only (415 otherwise), its
/// size reserved in the process-wide <see cref="ChatMemoryBudget"/> before it is read (503 when
/// there is no room in time), read once and held once; the surface reader
/// (<see cref="ChatSurfaceReader"/>) turns it into a neutral conversation flattened for Grok; the
/// number of attachments is capped; a concurrency slot is taken; then the attachments are loaded and
/// the plan goes to the <see cref="UpstreamPipeline"/>, which tries accounts until one answers and
/// writes the answer through the <see cref="OpenAiChatSurface"/> (docs/adr/0004,
/// docs/architecture.md, docs/security.md).
/// </summary>
internal sealed class ChatCompletionsHandler(
    OpenAiRequestGate gate,
    Images.ImagineChat imagineChat,
    Images.Edits.ImageEditChat imageEditChat,
    Video.VideoChatHandler videoChat,
    IAttachmentLoader attachments,
    GrokConversations conversations,
    IModelAliasSource modelAliases,
    UpstreamPipeline pipeline,
    IOptionsMonitor<ChatSection> chatSettings,
    IOptionsMonitor<AppSection> appSettings,
    TimeProvider time)
{
    public async Task HandleAsync(HttpContext context)
    {
        var cancellationToken = context.RequestAborted;
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

        if (prompt.Attachments.Count > chat.MaxAttachments)
        {
            await ErrorAsync(context, 400, new OpenAiError(
                $"The request has {prompt.Attachments.Count} attachments (images, audio and files); at most {chat.MaxAttachments} are accepted (chat.max_attachments).",
                OpenAiErrorTypes.InvalidRequest, "messages", "too_many_attachments"));
            return;
        }

        // Video models: their own handler (docs/adr/0007).
        if (model.Capability == ModelCapability.Video)
        {
            await videoChat.HandleAsync(context, read);
            return;
        }

        // The slot first: fetched attachments (up to asset.fetch_max_mb each) are then held by at
        // most chat.concurrent requests at once.
        using var slot = await gate.AcquireSlotAsync(context, model.Id);
        if (slot is null)
        {
            return;
        }

        var files = new List<LoadedAttachment>(prompt.Attachments.Count);
        foreach (var attachment in prompt.Attachments)
        {
            var loaded = await attachments.LoadAsync(attachment, context.Request, cancellationToken);
            if (loaded.Error is { } loadError)
            {
                await ErrorAsync(context, 400, loadError);
                return;
            }

            files.Add(loaded.Attachment!);
        }

        var call = new GrokConversationCall(
            prompt, files, model.UpstreamModelName, model.UpstreamModelMode, conversation.Options, app.FilterTags, app.Temporary, app.DisableMemory);
        var plan = new UpstreamPlan(
            model.Id,
            ModelTokenRequest.For(model),
            conversations.Exchange(call),
            new OpenAiChatSurface(AnswerOptions(request, prompt, app), conversation.Tools),
            AttemptTimeouts.Of(chat));
        await pipeline.RunAsync(context, plan);
    }

    private static Task ErrorAsync(HttpContext context, int status, OpenAiError error) =>
        OpenAiErrorWriter.WriteAsync(context, status, new OpenAiErrorResponse(error));

    private ChatAnswerOptions AnswerOptions(ChatCompletionRequest request, GrokPrompt prompt, AppSection app) =>
        ChatAnswerSettings.For(request, prompt.Message, app, time);
}
