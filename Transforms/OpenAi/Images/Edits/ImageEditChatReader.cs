using Grok2Api.Transforms.Grok.Chat;
using Grok2Api.Transforms.Grok.Models;
using Grok2Api.Transforms.OpenAi.Chat;

namespace Grok2Api.Transforms.OpenAi.Images.Edits;

/// <summary>
/// <c>grok-imagine-1.0-edit</c> through chat completions: the edit takes the <b>last</b> image of the
/// conversation and its <b>last</b> non-blank text (as the original did and documented), and
/// <c>image_config</c> (<c>n</c> 1–10, <c>size</c>, <c>response_format</c>). The prompt it returns
/// carries that text as its message and that image as its only attachment. Pure and thread-safe.
/// </summary>
public static class ImageEditChatReader
{

    /// <summary>Validates an edit request read by the chat reader.</summary>
    /// <param name="request">The validated chat request.</param>
    /// <param name="model">The edit model.</param>
    /// <param name="result">The request ready for the edit, when valid.</param>
    /// <param name="status">The HTTP status of <paramref name="error"/> (400).</param>
    /// <param name="error">The error, otherwise.</param>
    public static bool TryRead(
        ChatCompletionRequest request,
        ModelInfo model,
        [NotNullWhen(true)] out ChatSurfaceRequest? result,
        out int status,
        [NotNullWhen(false)] out OpenAiErrorResponse? error)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(model);
        result = null;
        status = 400;
        string? text = null;
        ConversationPart? image = null;
        foreach (var message in request.Messages)
        {
            foreach (var part in message.Parts)
            {
                if (part.Kind == ConversationPartKind.Text && !string.IsNullOrWhiteSpace(part.Text))
                {
                    text = part.Text;
                }
                else if (part.Kind == ConversationPartKind.Image && part.Source is not null)
                {
                    image = part;
                }
            }
        }

        if (text is null)
        {
            error = new OpenAiErrorResponse(ChatRequestErrors.EmptyPrompt(image is not null));
            return false;
        }

        if (image is null)
        {
            error = OpenAiErrors.Create(
                $"The model '{model.Id}' edits an image: add one to a user message as an image_url block (the last image of the conversation is edited).",
                OpenAiErrorTypes.InvalidRequest, "messages", "missing_image");
            return false;
        }

        if (!ImageChatReader.TryReadOptions(request.ImageConfig, ImageResponseFormat.Url, out _, out var configError))
        {
            error = new OpenAiErrorResponse(configError);
            return false;
        }

        var prompt = new GrokPrompt(text.Trim(), [new ConversationAttachment(ConversationPartKind.Image, image.Source!, image.FileName, image.Param)]);
        result = new ChatSurfaceRequest(request, model, request.ToConversation(), prompt);
        status = 200;
        error = null;
        return true;
    }
}
