using System.Text.Json;

namespace Grok2Api.Proxy.Upstream;

/// <summary>Reads one value out of a small JSON answer of a Grok REST endpoint (upload-file, media posts, upscale).</summary>
internal static class GrokAnswerJson
{
    /// <summary>
    /// The non-empty string at <paramref name="path"/> (property names from the root object down);
    /// null when a step is missing or not an object, the value is not a string or is empty, or the
    /// body is not JSON.
    /// </summary>
    /// <param name="body">The answer body.</param>
    /// <param name="path">The property names, outermost first.</param>
    public static string? StringAt(ReadOnlyMemory<byte> body, params ReadOnlySpan<string> path)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var element = document.RootElement;
            foreach (var name in path)
            {
                if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
                {
                    return null;
                }
            }

            return element.ValueKind == JsonValueKind.String && element.GetString() is { Length: > 0 } value ? value : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
