using System.Runtime.CompilerServices;
using Grok2Api.Transforms.Grok.Chat;

namespace Grok2Api.Proxy.Chat;

/// <summary>
/// The one way a chat-model conversation goes upstream, whatever its client protocol (chat
/// completions, the Responses API, Anthropic Messages): the number of attachments capped
/// (<c>chat.max_attachments</c>), a concurrency slot taken, the attachments loaded in it, and the
/// conversation call run by the <see cref="UpstreamPipeline"/> through the protocol's surface. A
/// protocol's handler reads its body into a neutral conversation and a prompt, builds its surface,
/// and hands both here; refusals come back through the protocol's own error writer. Thread-safe.
/// </summary>
internal sealed class ConversationRunner(
    OpenAiRequestGate gate,
    IAttachmentLoader attachments,
    GrokConversations conversations,
    UpstreamPipeline pipeline,
    IOptionsMonitor<ChatSection> chatSettings,
    IOptionsMonitor<AppSection> appSettings)
{
    /// <summary>The 400 for a prompt with more attachments than <c>chat.max_attachments</c>, or null.</summary>
    /// <param name="prompt">The prompt.</param>
    /// <param name="chat">The <c>[chat]</c> settings.</param>
    /// <param name="param">The request field the attachments come from.</param>
    public static OpenAiError? TooManyAttachments(GrokPrompt prompt, ChatSection chat, string param)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentNullException.ThrowIfNull(chat);
        return prompt.Attachments.Count <= chat.MaxAttachments
            ? null
            : new OpenAiError(
                $"The request has {prompt.Attachments.Count} attachments (images, audio and files, earlier turns included); at most {chat.MaxAttachments} are accepted (chat.max_attachments).",
                OpenAiErrorTypes.InvalidRequest, param, "too_many_attachments");
    }

    /// <summary>Runs the conversation; null when it was refused before the pipeline (the client got the error).</summary>
    /// <param name="context">The request.</param>
    /// <param name="model">The chat model, resolved.</param>
    /// <param name="prompt">The conversation flattened for Grok, with its attachments; has text.</param>
    /// <param name="options">The generation options.</param>
    /// <param name="surface">The client protocol's surface.</param>
    /// <param name="refuse">Writes a 400 in the protocol's shape for an error given in the OpenAI shape (its message and parameter).</param>
    /// <param name="attachmentsParam">The request field the attachments come from, for the error of too many.</param>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<PipelineOutcome?> RunAsync(
        HttpContext context,
        ModelInfo model,
        GrokPrompt prompt,
        GenerationOptions options,
        IClientSurface surface,
        Func<OpenAiError, Task> refuse,
        string attachmentsParam)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentNullException.ThrowIfNull(refuse);
        var chat = chatSettings.CurrentValue;
        var app = appSettings.CurrentValue;
        if (TooManyAttachments(prompt, chat, attachmentsParam) is { } tooMany)
        {
            await refuse(tooMany);
            return null;
        }

        // The slot first: fetched attachments (up to asset.fetch_max_mb each) are then held by at
        // most chat.concurrent requests at once.
        using var slot = await gate.AcquireSlotAsync(context, model.Id);
        if (slot is null)
        {
            return null;
        }

        var files = new List<LoadedAttachment>(prompt.Attachments.Count);
        foreach (var attachment in prompt.Attachments)
        {
            var loaded = await attachments.LoadAsync(attachment, context.Request, context.RequestAborted);
            if (loaded.Error is { } loadError)
            {
                await refuse(loadError);
                return null;
            }

            files.Add(loaded.Attachment!);
        }

        var call = new GrokConversationCall(
            prompt, files, model.UpstreamModelName, model.UpstreamModelMode, options, app.FilterTags, app.Temporary, app.DisableMemory,
            ImageRequestOptions.DefaultFormat(app.ImageFormat));
        var plan = new UpstreamPlan(model.Id, ModelTokenRequest.For(model), conversations.Exchange(call), surface, AttemptTimeouts.Of(chat));
        return await pipeline.RunAsync(context, plan);
    }
}
