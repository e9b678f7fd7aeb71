using System.Text.Encodings.Web;

namespace Grok2Api.Transforms.Grok.Imagine;

/// <summary>
/// Builds the one text message sent right after the Imagine handshake (docs/grok-protocol.md §14.2):
/// <c>{"type":"conversation.item.create","timestamp":…,"item":{"type":"message","content":[{"requestId",
/// "text","type":"input_text","properties":{"section_count":0,"is_kids_mode":false,"enable_nsfw",
/// "skip_upsampler":false,"is_initial":false,"aspect_ratio"}}]}}</c>. No image count is sent. Pure.
/// </summary>
public static class ImagineMessageBuilder
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The message, UTF-8 JSON.</summary>
    /// <param name="requestId">A fresh UUID per session.</param>
    /// <param name="prompt">The prompt.</param>
    /// <param name="aspectRatio">The aspect ratio, e.g. <c>2:3</c>.</param>
    /// <param name="enableNsfw"><c>image.nsfw</c>.</param>
    /// <param name="timestampMs">The current time in Unix milliseconds.</param>
    public static byte[] Build(Guid requestId, string prompt, string aspectRatio, bool enableNsfw, long timestampMs)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentNullException.ThrowIfNull(aspectRatio);
        var buffer = new ArrayBufferWriter<byte>(256 + prompt.Length);
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            json.WriteString("type"u8, "conversation.item.create"u8);
            json.WriteNumber("timestamp"u8, timestampMs);
            json.WriteStartObject("item"u8);
            json.WriteString("type"u8, "message"u8);
            json.WriteStartArray("content"u8);
            json.WriteStartObject();
            json.WriteString("requestId"u8, requestId.ToString("D"));
            json.WriteString("text"u8, prompt);
            json.WriteString("type"u8, "input_text"u8);
            json.WriteStartObject("properties"u8);
            json.WriteNumber("section_count"u8, 0);
            json.WriteBoolean("is_kids_mode"u8, false);
            json.WriteBoolean("enable_nsfw"u8, enableNsfw);
            json.WriteBoolean("skip_upsampler"u8, false);
            json.WriteBoolean("is_initial"u8, false);
            json.WriteString("aspect_ratio"u8, aspectRatio);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
