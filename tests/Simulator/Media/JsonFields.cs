using System.Text.Json;
using System.Text.Json.Nodes;

namespace Grok2Api.Simulator.Media;

/// <summary>Small readers for request bodies: the object, and fields of an expected kind.</summary>
internal static class JsonFields
{
    /// <summary>The body as a JSON object, or why it is not one.</summary>
    public static (JsonObject? Root, string? Error) ParseObject(ReadOnlyMemory<byte> body)
    {
        try
        {
            return JsonNode.Parse(body.Span) is JsonObject root ? (root, null) : (null, "request body must be a JSON object");
        }
        catch (JsonException e)
        {
            return (null, $"request body is not valid JSON: {e.Message}");
        }
    }

    /// <summary>The value of <paramref name="name"/> when <paramref name="node"/> is an object, else null (never throws).</summary>
    public static JsonNode? Child(JsonNode? node, string name) => node is JsonObject obj ? obj[name] : null;

    /// <summary>The string value of <paramref name="name"/>, or null when absent or not a string.</summary>
    public static string? Text(JsonNode? node, string name) =>
        node is JsonObject obj && obj[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    /// <summary>The kind of <paramref name="name"/>'s value; <see cref="JsonValueKind.Undefined"/> when absent.</summary>
    public static JsonValueKind Kind(JsonNode? node, string name) =>
        node is JsonObject obj && obj.TryGetPropertyValue(name, out var value) ? value?.GetValueKind() ?? JsonValueKind.Null : JsonValueKind.Undefined;
}
