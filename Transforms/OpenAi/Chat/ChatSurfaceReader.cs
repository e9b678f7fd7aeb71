using Grok2Api.Transforms.Grok.Chat;
using Grok2Api.Transforms.Grok.Models;

namespace Grok2Api.Transforms.OpenAi.Chat;

/// <summary>
/// The reader of the OpenAI chat surface: one call turns a request body into a
/// <see cref="ChatSurfaceRequest"/>, or into the OpenAI error to answer with (400 for a bad body or a
/// conversation without text, unless it asks the video model to animate an image, 404 for an unknown model, 400 for a model that does not chat). The
/// prompt is built with the request's tools (<see cref="GrokPromptBuilder.Build(Conversation)"/>), so a
/// tools section opens it when the tools are described to the model. Pure: no I/O, thread-safe.
/// </summary>
public static class ChatSurfaceReader
{
    /// <summary>Reads, validates and translates a request body; model names are catalogue ids only.</summary>
    /// <param name="utf8Json">The body.</param>
    /// <param name="result">The request ready for the pipeline, when the body is valid.</param>
    /// <param name="status">The HTTP status of <paramref name="error"/>.</param>
    /// <param name="error">The error, when it is not.</param>
    /// <returns>Whether the request can be served.</returns>
    public static bool TryRead(
        ReadOnlyMemory<byte> utf8Json,
        [NotNullWhen(true)] out ChatSurfaceRequest? result,
        out int status,
        [NotNullWhen(false)] out OpenAiErrorResponse? error) =>
        TryRead(utf8Json, ModelAliases.None, out result, out status, out error);

    /// <summary>
    /// Reads, validates and translates a request body, the model named by a catalogue id or an alias
    /// of <paramref name="aliases"/> (the request keeps the client's name, which the answer echoes).
    /// </summary>
    /// <param name="utf8Json">The body.</param>
    /// <param name="aliases">The operator's model aliases.</param>
    /// <param name="result">The request ready for the pipeline, when the body is valid.</param>
    /// <param name="status">The HTTP status of <paramref name="error"/>.</param>
    /// <param name="error">The error, when it is not.</param>
    /// <returns>Whether the request can be served.</returns>
    public static bool TryRead(
        ReadOnlyMemory<byte> utf8Json,
        ModelAliases aliases,
        [NotNullWhen(true)] out ChatSurfaceRequest? result,
        out int status,
        [NotNullWhen(false)] out OpenAiErrorResponse? error)
    {
        ArgumentNullException.ThrowIfNull(aliases);
        result = null;
        var read = ChatRequestReader.Read(utf8Json);
        if (!read.Succeeded)
        {
            return Fail(ChatRequestReadResult.ErrorStatusCode, new OpenAiErrorResponse(read.Error), out status, out error);
        }

        var request = read.Request;
        if (!aliases.TryResolve(request.Model, out var model))
        {
            return Fail(404, OpenAiErrors.ModelNotFound(request.Model), out status, out error);
        }

        if (model.Capability == ModelCapability.ImageEdit)
        {
            // grok-imagine-1.0-edit (issue 9): the last image and the last text of the conversation.
            return Images.Edits.ImageEditChatReader.TryRead(request, model, out result, out status, out error);
        }

        // Video is served through chat (the host dispatches it to its video handler); image generation is dispatched before this reader.
        if (model.Capability is not (ModelCapability.Chat or ModelCapability.Video))
        {
            return Fail(400, OpenAiErrors.Create(
                $"The model '{model.Id}' generates {(model.Capability == ModelCapability.Video ? "videos" : "images")} and is not served by chat completions in this version.",
                OpenAiErrorTypes.InvalidRequest, "model", "model_not_supported"), out status, out error);
        }

        var conversation = request.ToConversation();
        var prompt = GrokPromptBuilder.Build(conversation);
        // Image-to-video needs no text: the image alone is the request (the original's behaviour), and the
        // upstream takes the mode flag alone as its message (docs/grok-protocol.md §12.2).
        if (!prompt.HasText && !(model.Capability == ModelCapability.Video && HasImage(prompt)))
        {
            return Fail(ChatRequestReadResult.ErrorStatusCode, new OpenAiErrorResponse(ChatRequestErrors.EmptyPrompt(prompt.Attachments.Count > 0)), out status, out error);
        }

        result = new ChatSurfaceRequest(request, model, conversation, prompt);
        status = 200;
        error = null;
        return true;
    }

    private static bool HasImage(GrokPrompt prompt)
    {
        foreach (var attachment in prompt.Attachments)
        {
            if (attachment.Kind == ConversationPartKind.Image)
            {
                return true;
            }
        }

        return false;
    }

    private static bool Fail(int code, OpenAiErrorResponse response, out int status, out OpenAiErrorResponse error)
    {
        status = code;
        error = response;
        return false;
    }
}
