using System.Text.Encodings.Web;

namespace Grok2Api.Transforms.Grok.Chat;

/// <summary>
/// Writes the body of <c>POST /rest/app-chat/conversations/new</c> exactly as docs/grok-protocol.md
/// §3.2 lists it: same fields, same order, same constants; compact UTF-8 JSON. Every constant of
/// the body is in this class. Pure and thread-safe.
/// </summary>
public static class GrokChatPayload
{
    /// <summary>The <c>temperature</c> sent when the request has none: 0.8.</summary>
    public const double DefaultTemperature = 0.8;

    /// <summary>The <c>topP</c> sent when the request has none: 0.95.</summary>
    public const double DefaultTopP = 0.95;

    /// <summary>The <c>imageGenerationCount</c> of every request: 2.</summary>
    public const int ImageGenerationCount = 2;

    // The body goes to a JSON API, never into HTML, so only what JSON requires is escaped
    // (plus characters outside the BMP, which the encoder always escapes).
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Builds the body.</summary>
    /// <param name="options">The variable parts.</param>
    /// <returns>The UTF-8 JSON body.</returns>
    public static byte[] Build(GrokChatPayloadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var buffer = new ArrayBufferWriter<byte>(SizeHint(options));
        Write(options, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// What the body of <paramref name="options"/> is expected to take, to size a buffer up front: the
    /// constant fields take under 1 KiB, and the message is counted at two bytes a character.
    /// </summary>
    /// <param name="options">The variable parts.</param>
    public static int SizeHint(GrokChatPayloadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return (int)Math.Min(Array.MaxLength, 1024 + (options.Message.Length * 2L));
    }

    /// <summary>Writes the body to a buffer (e.g. a pooled one, or a request body pipe).</summary>
    /// <param name="options">The variable parts.</param>
    /// <param name="output">Where the UTF-8 JSON goes; it is flushed to before returning.</param>
    public static void Write(GrokChatPayloadOptions options, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        using var writer = new Utf8JsonWriter(output, WriterOptions);
        Write(options, writer);
    }

    private static void Write(GrokChatPayloadOptions options, Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        WriteDeviceEnvInfo(writer);
        writer.WriteBoolean("disableMemory", options.DisableMemory);
        writer.WriteBoolean("disableSearch", false);
        writer.WriteBoolean("disableSelfHarmShortCircuit", false);
        writer.WriteBoolean("disableTextFollowUps", false);
        writer.WriteBoolean("enableImageGeneration", true);
        writer.WriteBoolean("enableImageStreaming", true);
        writer.WriteBoolean("enableSideBySide", true);
        writer.WriteStartArray("fileAttachments");
        foreach (var id in options.FileAttachmentIds)
        {
            writer.WriteStringValue(id);
        }

        writer.WriteEndArray();
        writer.WriteBoolean("forceConcise", false);
        writer.WriteBoolean("forceSideBySide", false);
        writer.WriteStartArray("imageAttachments");
        writer.WriteEndArray();
        writer.WriteNumber("imageGenerationCount", ImageGenerationCount);
        writer.WriteBoolean("isAsyncChat", false);
        writer.WriteBoolean("isReasoning", false);
        writer.WriteString("message", options.Message);
        writer.WriteString("modelMode", options.ModelMode);
        writer.WriteString("modelName", options.ModelName);
        WriteResponseMetadata(options, writer);
        writer.WriteBoolean("returnImageBytes", false);
        writer.WriteBoolean("returnRawGrokInXaiRequest", false);
        writer.WriteBoolean("sendFinalMetadata", true);
        writer.WriteBoolean("temporary", options.Temporary);
        writer.WritePropertyName("toolOverrides");
        if (options.ToolOverrides is null)
        {
            writer.WriteStartObject();
            writer.WriteEndObject();
        }
        else
        {
            options.ToolOverrides.WriteTo(writer);
        }

        writer.WriteEndObject();
        writer.Flush();
    }

    private static void WriteDeviceEnvInfo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject("deviceEnvInfo");
        writer.WriteBoolean("darkModeEnabled", false);
        writer.WriteNumber("devicePixelRatio", 2);
        writer.WriteNumber("screenWidth", 2056);
        writer.WriteNumber("screenHeight", 1329);
        writer.WriteNumber("viewportWidth", 2056);
        writer.WriteNumber("viewportHeight", 1083);
        writer.WriteEndObject();
    }

    private static void WriteResponseMetadata(GrokChatPayloadOptions options, Utf8JsonWriter writer)
    {
        writer.WriteStartObject("responseMetadata");
        writer.WriteStartObject("requestModelDetails");
        writer.WriteString("modelId", options.ModelName);
        writer.WriteEndObject();
        if (options.ModelConfigOverride is { } custom)
        {
            if (custom.Count > 0)
            {
                writer.WritePropertyName("modelConfigOverride");
                custom.WriteTo(writer);
            }
        }
        else
        {
            writer.WriteStartObject("modelConfigOverride");
            writer.WriteNumber("temperature", options.Temperature ?? DefaultTemperature);
            writer.WriteNumber("topP", options.TopP ?? DefaultTopP);
            if (options.ReasoningEffort is { } effort)
            {
                writer.WriteString("reasoningEffort", effort);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }
}
