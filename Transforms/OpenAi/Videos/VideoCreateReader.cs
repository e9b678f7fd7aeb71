namespace Grok2Api.Transforms.OpenAi.Videos;

/// <summary>
/// Reads a JSON body of <c>POST /v1/videos</c> into <see cref="VideoCreateFields"/>: <c>model</c>,
/// <c>prompt</c>, <c>seconds</c> (string or integer), <c>size</c>, <c>preset</c> and
/// <c>input_reference</c> (a URL or data URI, or <c>{"image_url": …}</c>; a <c>file_id</c> is
/// refused, this service keeps no uploaded files). Other fields are ignored. One pass over the body.
/// Pure and thread-safe.
/// </summary>
public static class VideoCreateReader
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 16 };

    /// <summary>Reads the body.</summary>
    /// <param name="utf8Json">The body.</param>
    /// <param name="fields">The fields, when the body is a JSON object of the right types.</param>
    /// <param name="error">The 400 error, otherwise.</param>
    /// <returns>Whether the body could be read.</returns>
    public static bool TryRead(ReadOnlyMemory<byte> utf8Json, [NotNullWhen(true)] out VideoCreateFields? fields, [NotNullWhen(false)] out OpenAiError? error)
    {
        fields = null;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json, Options);
        }
        catch (JsonException)
        {
            error = new OpenAiError("The request body is not valid JSON.", OpenAiErrorTypes.InvalidRequest, null, "invalid_json");
            return false;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = new OpenAiError("The request body must be a JSON object.", OpenAiErrorTypes.InvalidRequest, null, "invalid_json");
                return false;
            }

            string? model, prompt, seconds, size, preset, reference;
            try
            {
                if (!VideoJsonText.TryReadOptional(root, "model", "model", out model, out error)
                    || !VideoJsonText.TryReadOptional(root, "prompt", "prompt", out prompt, out error)
                    || !Seconds(root, out seconds, out error)
                    || !VideoJsonText.TryReadOptional(root, "size", "size", out size, out error)
                    || !VideoJsonText.TryReadOptional(root, "preset", "preset", out preset, out error)
                    || !Reference(root, out reference, out error))
                {
                    return false;
                }
            }
            catch (InvalidOperationException)
            {
                // A property name whose escapes do not decode (a lone surrogate) cannot be compared.
                error = new OpenAiError("A property name of the request body is not valid text (a \\u escape without its pair).", OpenAiErrorTypes.InvalidRequest, null, "invalid_json");
                return false;
            }

            fields = new VideoCreateFields { Model = model, Prompt = prompt, Seconds = seconds, Size = size, Preset = preset, InputReferenceUrl = reference };
            return true;
        }
    }

    private static bool Seconds(JsonElement obj, out string? text, [NotNullWhen(false)] out OpenAiError? error)
    {
        text = null;
        error = null;
        if (!obj.TryGetProperty("seconds", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.String when VideoJsonText.TryGet(value, out var decoded):
                text = decoded;
                return true;
            case JsonValueKind.Number when value.TryGetInt32(out var number):
                text = number.ToString(CultureInfo.InvariantCulture);
                return true;
            default:
                error = VideoRequestErrors.WrongType("seconds", "a whole number of seconds (as a string or a number)");
                return false;
        }
    }

    private static bool Reference(JsonElement obj, out string? url, [NotNullWhen(false)] out OpenAiError? error)
    {
        url = null;
        error = null;
        if (!obj.TryGetProperty("input_reference", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            if (!VideoJsonText.TryGet(value, out var decoded))
            {
                error = VideoJsonText.NotText("input_reference");
                return false;
            }

            url = decoded;
            return true;
        }

        if (value.ValueKind == JsonValueKind.Object)
        {
            if (value.TryGetProperty("image_url", out var image) && image.ValueKind == JsonValueKind.String)
            {
                if (!VideoJsonText.TryGet(image, out var decoded))
                {
                    error = VideoJsonText.NotText("input_reference.image_url");
                    return false;
                }

                url = decoded;
                return true;
            }

            if (value.TryGetProperty("file_id", out _))
            {
                error = VideoRequestErrors.Invalid("input_reference.file_id",
                    "File ids are not supported: send the image as input_reference.image_url (an http(s) URL or a data URI), or as a multipart file.");
                return false;
            }
        }

        error = VideoRequestErrors.WrongType("input_reference", "an image URL or data URI, or an object with image_url");
        return false;
    }
}
