using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Grok2Api.Transforms.Conversations;
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
    private const string Prefix = "image_config.";

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

        if (!TryReadSettings(request.ImageConfig, ImageResponseFormat.Url, out _, out var configError))
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

    /// <summary>Reads <c>image_config</c>: <c>n</c> (1–10, default 1), <c>size</c> and <c>response_format</c>, as every image request shares them.</summary>
    /// <param name="config">The object as sent, or null.</param>
    /// <param name="defaultFormat">The format when no <c>response_format</c> is given (<see cref="ImageRequestOptions.DefaultFormat"/>).</param>
    /// <param name="options">The options, when valid (never streaming: the chat answer streams, not the images API).</param>
    /// <param name="error">The 400 naming the parameter, otherwise.</param>
    public static bool TryReadSettings(JsonElement? config, ImageResponseFormat defaultFormat, [NotNullWhen(true)] out ImageRequestOptions? options, [NotNullWhen(false)] out OpenAiError? error)
    {
        long? count = null;
        string? size = null;
        string? format = null;
        if (config is { ValueKind: JsonValueKind.Object } value)
        {
            if (value.TryGetProperty("n", out var n) && n.ValueKind != JsonValueKind.Null)
            {
                if (n.ValueKind != JsonValueKind.Number || !n.TryGetInt64(out var parsed))
                {
                    options = null;
                    error = ImageEditErrors.Invalid(Prefix + "n", n.GetRawText(), $"an integer from 1 to {ImageRequestOptions.MaxCount}");
                    return false;
                }

                count = parsed;
            }

            if (!TryReadString(value, "size", out size, out error) || !TryReadString(value, "response_format", out format, out error))
            {
                options = null;
                return false;
            }
        }

        return ImageRequestOptions.TryCreate(count, size, format, stream: false, defaultFormat, Prefix, out options, out error);
    }

    private static bool TryReadString(JsonElement config, string name, out string? value, [NotNullWhen(false)] out OpenAiError? error)
    {
        value = null;
        error = null;
        if (!config.TryGetProperty(name, out var property) || property.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (property.ValueKind != JsonValueKind.String)
        {
            error = ImageEditErrors.Invalid(Prefix + name, property.GetRawText(), "a string");
            return false;
        }

        try
        {
            value = property.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            // Not valid Unicode (an unpaired surrogate escape).
            error = ImageEditErrors.Invalid(Prefix + name, "(not valid Unicode)", "a valid string");
            return false;
        }
    }
}
