using System.Text;
using Grok2Api.Transforms.Grok.Models;
using Grok2Api.Transforms.OpenAi.Chat;

namespace Grok2Api.Transforms.OpenAi.Images;

/// <summary>
/// Image generation through chat completions (<c>grok-imagine-1.0</c> with <c>image_config</c>): the
/// model peek that routes a chat body, and the prompt and options of a chat request. Pure, thread-safe.
/// </summary>
/// <remarks>
/// The prompt is the text of the last user message (its text parts, one per line); earlier messages
/// are not sent. <c>image_config</c> takes <c>n</c> (1–10, in streams too: the images are chat content),
/// <c>size</c> and <c>response_format</c>; errors name <c>image_config.*</c>.
/// </remarks>
public static class ImageChatReader
{
    private const string Prefix = "image_config.";

    /// <summary>
    /// Whether the top-level <c>model</c> of a chat body is <paramref name="model"/>, found in one pass
    /// that skips every other value (a body that is not a JSON object says no: the chat reader then
    /// answers with its own error).
    /// </summary>
    /// <param name="utf8Json">The body.</param>
    /// <param name="model">The model id to look for.</param>
    public static bool HasModel(ReadOnlySpan<byte> utf8Json, string model)
    {
        ArgumentNullException.ThrowIfNull(model);
        try
        {
            var reader = new Utf8JsonReader(utf8Json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            var found = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isModel = reader.ValueTextEquals("model"u8);
                if (!reader.Read())
                {
                    return false;
                }

                if (isModel)
                {
                    // The last one counts, as in the chat reader.
                    found = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals(model);
                }
                else if (!reader.TrySkip())
                {
                    return false;
                }
            }

            return found;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // Not JSON, or a name with an escape that does not decode: the chat reader answers it with a 400.
            return false;
        }
    }

    /// <summary>
    /// Whether the top-level <c>model</c> of a chat body is <paramref name="model"/> or an alias of it
    /// in <paramref name="aliases"/>. Without aliases this is <see cref="HasModel(ReadOnlySpan{byte}, string)"/>.
    /// </summary>
    /// <param name="utf8Json">The body.</param>
    /// <param name="model">The catalogue id to look for.</param>
    /// <param name="aliases">The operator's model aliases.</param>
    public static bool NamesModel(ReadOnlySpan<byte> utf8Json, string model, ModelAliases aliases)
    {
        ArgumentNullException.ThrowIfNull(aliases);
        if (HasModel(utf8Json, model))
        {
            return true;
        }

        foreach (var (alias, target) in aliases.Map)
        {
            // The aliases are few; each check is one pass that skips every other value.
            if (string.Equals(target, model, StringComparison.Ordinal) && HasModel(utf8Json, alias))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The prompt and options of a validated chat request for an image model.</summary>
    /// <param name="request">The request.</param>
    /// <param name="defaultFormat">The format when <c>image_config.response_format</c> is absent (<c>app.image_format</c>).</param>
    /// <param name="prompt">The prompt.</param>
    /// <param name="options">The options (never streamed: the chat answer streams, not the images API).</param>
    /// <param name="error">The 400 error.</param>
    /// <returns>Whether the request can be served.</returns>
    public static bool TryRead(
        ChatCompletionRequest request,
        ImageResponseFormat defaultFormat,
        [NotNullWhen(true)] out string? prompt,
        [NotNullWhen(true)] out ImageRequestOptions? options,
        [NotNullWhen(false)] out OpenAiError? error)
    {
        ArgumentNullException.ThrowIfNull(request);
        prompt = null;
        if (!TryReadOptions(request.ImageConfig, defaultFormat, out options, out error))
        {
            return false;
        }

        prompt = LastUserText(request.Messages);
        if (string.IsNullOrWhiteSpace(prompt))
        {
            options = null;
            prompt = null;
            error = new OpenAiError(
                "The last user message has no text: image generation takes its prompt from there.",
                OpenAiErrorTypes.InvalidRequest, "messages", ChatRequestErrorCodes.EmptyPrompt);
            return false;
        }

        return true;
    }

    /// <summary>
    /// Reads <c>image_config</c> (<c>n</c>, <c>size</c>, <c>response_format</c>) into the options every image
    /// request shares; the image-edit chat reader uses it too.
    /// </summary>
    /// <param name="config"><c>image_config</c> as sent, or null.</param>
    /// <param name="defaultFormat">The format when <c>image_config.response_format</c> is absent (<c>app.image_format</c>).</param>
    /// <param name="options">The options (never streamed: the chat answer streams, not the images API).</param>
    /// <param name="error">The 400 error naming <c>image_config.*</c>.</param>
    /// <returns>Whether the values are valid.</returns>
    public static bool TryReadOptions(
        JsonElement? config,
        ImageResponseFormat defaultFormat,
        [NotNullWhen(true)] out ImageRequestOptions? options,
        [NotNullWhen(false)] out OpenAiError? error)
    {
        options = null;
        long? n = null;
        string? size = null, format = null;
        if (config is { } value)
        {
            if (value.ValueKind != JsonValueKind.Object)
            {
                error = ChatRequestErrors.InvalidType("image_config", "an object", value.ValueKind);
                return false;
            }

            if (Get(value, "n") is { } nValue)
            {
                if (nValue.ValueKind != JsonValueKind.Number || !nValue.TryGetInt64(out var count))
                {
                    error = nValue.ValueKind == JsonValueKind.Number
                        ? ChatRequestErrors.InvalidValue(Prefix + "n", nValue.GetRawText(), "whole numbers 1 to 10")
                        : ChatRequestErrors.InvalidType(Prefix + "n", "an integer", nValue.ValueKind);
                    return false;
                }

                n = count;
            }

            if (!TryString(value, "size", out size, out error) || !TryString(value, "response_format", out format, out error))
            {
                return false;
            }
        }

        return ImageRequestOptions.TryCreate(n, size, format, stream: false, defaultFormat, Prefix, out options, out error);
    }

    private static string? LastUserText(IReadOnlyList<ConversationMessage> messages)
    {
        for (var i = messages.Count - 1; i >= 0; i--)
        {
            if (messages[i].Role != ChatRoles.User)
            {
                continue;
            }

            var text = new StringBuilder();
            foreach (var part in messages[i].Parts)
            {
                if (part.Kind == ConversationPartKind.Text && !string.IsNullOrWhiteSpace(part.Text))
                {
                    if (text.Length > 0)
                    {
                        text.Append('\n');
                    }

                    text.Append(part.Text.Trim());
                }
            }

            return text.ToString();
        }

        return null;
    }

    private static JsonElement? Get(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    private static bool TryString(JsonElement root, string name, out string? value, [NotNullWhen(false)] out OpenAiError? error)
    {
        value = null;
        error = null;
        if (Get(root, name) is not { } element)
        {
            return true;
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            error = ChatRequestErrors.InvalidType(Prefix + name, "a string", element.ValueKind);
            return false;
        }

        value = element.GetString();
        return true;
    }
}
