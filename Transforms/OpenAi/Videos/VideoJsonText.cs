namespace Grok2Api.Transforms.OpenAi.Videos;

/// <summary>Reads a JSON string that may hold an escape that does not decode (a lone surrogate): such a value is a 400, never an exception.</summary>
internal static class VideoJsonText
{
    public static bool TryGet(JsonElement value, out string text)
    {
        try
        {
            text = value.GetString() ?? "";
            return true;
        }
        catch (InvalidOperationException)
        {
            text = "";
            return false;
        }
    }

    /// <summary>
    /// Reads an optional string property: true with null when it is missing or JSON null; false with an
    /// error naming <paramref name="param"/> when it is another kind or does not decode.
    /// </summary>
    public static bool TryReadOptional(JsonElement obj, string name, string param, out string? text, [NotNullWhen(false)] out OpenAiError? error)
    {
        text = null;
        error = null;
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            error = VideoRequestErrors.WrongType(param, "a string");
            return false;
        }

        if (!TryGet(value, out var decoded))
        {
            error = NotText(param);
            return false;
        }

        text = decoded;
        return true;
    }

    public static OpenAiError NotText(string param) =>
        VideoRequestErrors.Invalid(param, $"'{param}' is not valid Unicode text (an escape does not decode).");
}
