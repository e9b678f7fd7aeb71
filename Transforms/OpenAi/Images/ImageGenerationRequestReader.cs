using Grok2Api.Transforms.Grok.Models;
using Grok2Api.Transforms.OpenAi.Chat;

namespace Grok2Api.Transforms.OpenAi.Images;

/// <summary>
/// Reads the JSON body of <c>POST /v1/images/generations</c>: <c>model</c> (default and only value
/// <c>grok-imagine-1.0</c>), <c>prompt</c> (required, not blank), <c>n</c> (1–10), <c>size</c>,
/// <c>response_format</c> (<c>url</c>, <c>b64_json</c>, <c>base64</c>), <c>stream</c> (n 1 or 2) and
/// <c>partial_images</c> (0–3).
/// <c>quality</c>, <c>style</c> and every other property are accepted whatever their value and
/// ignored. JSON null means absent. Errors are 400s in the OpenAI shape naming the parameter. Pure.
/// </summary>
public static class ImageGenerationRequestReader
{
    /// <summary>The one model this endpoint serves.</summary>
    public const string Model = "grok-imagine-1.0";

    /// <summary>The largest <c>partial_images</c> OpenAI accepts.</summary>
    public const int MaxPartialImages = 3;

    /// <summary>Reads and validates a body.</summary>
    /// <param name="utf8Json">The whole body.</param>
    /// <param name="defaultFormat">The format when <c>response_format</c> is absent (<c>app.image_format</c>).</param>
    /// <param name="request">The request, when valid.</param>
    /// <param name="error">The 400 error, when not.</param>
    /// <returns>Whether the body is valid.</returns>
    public static bool TryRead(
        ReadOnlyMemory<byte> utf8Json,
        ImageResponseFormat defaultFormat,
        [NotNullWhen(true)] out ImageGenerationRequest? request,
        [NotNullWhen(false)] out OpenAiError? error) =>
        TryRead(utf8Json, defaultFormat, ModelAliases.None, out request, out error);

    /// <summary>Reads and validates a body whose <c>model</c> may also be an alias of <see cref="Model"/>.</summary>
    /// <param name="utf8Json">The whole body.</param>
    /// <param name="defaultFormat">The format when <c>response_format</c> is absent (<c>app.image_format</c>).</param>
    /// <param name="aliases">The operator's model aliases.</param>
    /// <param name="request">The request, when valid; its model is the catalogue id.</param>
    /// <param name="error">The 400 error, when not.</param>
    /// <returns>Whether the body is valid.</returns>
    public static bool TryRead(
        ReadOnlyMemory<byte> utf8Json,
        ImageResponseFormat defaultFormat,
        ModelAliases aliases,
        [NotNullWhen(true)] out ImageGenerationRequest? request,
        [NotNullWhen(false)] out OpenAiError? error)
    {
        ArgumentNullException.ThrowIfNull(aliases);
        request = null;
        if (ChatRequestJson.ParseBody(new ReadOnlySequence<byte>(utf8Json), out var document) is { } bodyError)
        {
            error = bodyError;
            return false;
        }

        using (document)
        {
            return TryRead(document!.RootElement, defaultFormat, aliases, out request, out error);
        }
    }

    private static bool TryRead(JsonElement root, ImageResponseFormat defaultFormat, ModelAliases aliases, out ImageGenerationRequest? request, out OpenAiError? error)
    {
        request = null;
        if (!TryString(root, "model", out var model, out error))
        {
            return false;
        }

        model ??= Model;
        if (aliases.TryResolve(model, out var resolved) && resolved.Id == Model)
        {
            model = Model;
        }
        else
        {
            error = new OpenAiError(
                $"The model '{ChatRequestErrors.Echo(model)}' is not served by /v1/images/generations; use '{Model}'.",
                OpenAiErrorTypes.InvalidRequest, "model", "model_not_supported");
            return false;
        }

        if (!TryString(root, "prompt", out var prompt, out error))
        {
            return false;
        }

        if (string.IsNullOrWhiteSpace(prompt))
        {
            error = ChatRequestErrors.Missing("prompt", "a text describing the image.");
            return false;
        }

        long? n = null;
        if (Get(root, "n") is { } nValue)
        {
            if (nValue.ValueKind != JsonValueKind.Number || !nValue.TryGetInt64(out var count))
            {
                error = nValue.ValueKind == JsonValueKind.Number
                    ? ChatRequestErrors.InvalidValue("n", nValue.GetRawText(), "whole numbers 1 to 10")
                    : ChatRequestErrors.InvalidType("n", "an integer", nValue.ValueKind);
                return false;
            }

            n = count;
        }

        if (!TryString(root, "size", out var size, out error) || !TryString(root, "response_format", out var format, out error))
        {
            return false;
        }

        var stream = false;
        if (Get(root, "stream") is { } streamValue)
        {
            if (streamValue.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                error = ChatRequestErrors.InvalidType("stream", "a boolean", streamValue.ValueKind);
                return false;
            }

            stream = streamValue.GetBoolean();
        }

        if (!ImageRequestOptions.TryCreate(n, size, format, stream, defaultFormat, string.Empty, out var options, out error))
        {
            return false;
        }

        int? partialImages = null;
        if (Get(root, "partial_images") is { } partialValue)
        {
            if (partialValue.ValueKind != JsonValueKind.Number || !partialValue.TryGetInt32(out var partial) || partial is < 0 or > MaxPartialImages)
            {
                error = partialValue.ValueKind == JsonValueKind.Number
                    ? ChatRequestErrors.InvalidValue("partial_images", partialValue.GetRawText(), "whole numbers 0 to 3")
                    : ChatRequestErrors.InvalidType("partial_images", "an integer", partialValue.ValueKind);
                return false;
            }

            partialImages = partial;
        }

        request = new ImageGenerationRequest(model, prompt, options) { PartialImages = partialImages };
        return true;
    }

    private static JsonElement? Get(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    private static bool TryString(JsonElement root, string name, out string? value, out OpenAiError? error)
    {
        value = null;
        error = null;
        if (Get(root, name) is not { } element)
        {
            return true;
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            error = ChatRequestErrors.InvalidType(name, "a string", element.ValueKind);
            return false;
        }

        value = element.GetString();
        return true;
    }
}
