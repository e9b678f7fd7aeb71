using System.Text.Json;

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

    public static OpenAiError NotText(string param) =>
        VideoRequestErrors.Invalid(param, $"'{param}' is not valid Unicode text (an escape does not decode).");
}
