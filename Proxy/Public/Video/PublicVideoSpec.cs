using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Grok2Api.Transforms.Grok.Video;
using Grok2Api.Transforms.OpenAi.Videos;

namespace Grok2Api.Proxy.Public.Video;

/// <summary>
/// A public video generation, read at its start as the video model's chat request would be: the prompt
/// and the optional <c>image_url</c> become the user message, <c>reasoning_effort</c> the request's own,
/// and the video parameters are validated by <see cref="VideoConfigReader"/> (400s name the field).
/// </summary>
/// <param name="Read">The chat request of the video model, validated.</param>
/// <param name="Settings">The upstream video parameters.</param>
internal sealed record PublicVideoSpec(ChatSurfaceRequest Read, GrokVideoSettings Settings)
{
    /// <summary>Reads a <c>POST /v1/public/video/start</c> body.</summary>
    /// <param name="body">The JSON body.</param>
    /// <param name="spec">The generation, when valid.</param>
    /// <param name="error">The 400 error, when not.</param>
    public static bool TryRead(ReadOnlyMemory<byte> body, [NotNullWhen(true)] out PublicVideoSpec? spec, [NotNullWhen(false)] out OpenAiError? error)
    {
        spec = null;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            error = new OpenAiError("The body is not valid JSON.", OpenAiErrorTypes.InvalidRequest, null, "invalid_json");
            return false;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = new OpenAiError("The body must be a JSON object.", OpenAiErrorTypes.InvalidRequest, null, "invalid_json");
                return false;
            }

            var prompt = root.TryGetProperty("prompt", out var promptValue) ? PublicJson.StringOf(promptValue) : null;
            if (string.IsNullOrWhiteSpace(prompt))
            {
                error = new OpenAiError("'prompt' must be a non-empty string.", OpenAiErrorTypes.InvalidRequest, "prompt", "invalid_value");
                return false;
            }

            string? imageUrl = null;
            if (root.TryGetProperty("image_url", out var imageValue) && imageValue.ValueKind != JsonValueKind.Null)
            {
                if (PublicJson.StringOf(imageValue) is not { } url)
                {
                    error = new OpenAiError("'image_url' must be a string (an http(s) URL or a data URI).", OpenAiErrorTypes.InvalidRequest, "image_url", "invalid_value");
                    return false;
                }

                imageUrl = url.Length > 0 ? url : null;
            }

            if (!VideoConfigReader.TryRead(root, out var settings, out var configError))
            {
                // The reader names video_config.*: here the fields are at the top level.
                error = configError with
                {
                    Message = configError.Message.Replace("video_config.", string.Empty, StringComparison.Ordinal),
                    Param = configError.Param?.Replace("video_config.", string.Empty, StringComparison.Ordinal),
                };
                return false;
            }

            if (!root.TryGetProperty("preset", out var preset) || preset.ValueKind == JsonValueKind.Null)
            {
                settings = settings with { Preset = "normal" };
            }

            JsonElement? effort = root.TryGetProperty("reasoning_effort", out var effortValue) ? effortValue : null;
            if (effort is { ValueKind: JsonValueKind.String } text && PublicJson.StringOf(text) is null)
            {
                error = new OpenAiError("'reasoning_effort' is not a valid string.", OpenAiErrorTypes.InvalidRequest, "reasoning_effort", "invalid_value");
                return false;
            }

            var chat = ChatBody(prompt, imageUrl, effort);
            if (!ChatSurfaceReader.TryRead(chat, out var read, out _, out var chatError))
            {
                error = chatError.Error;
                return false;
            }

            spec = new PublicVideoSpec(read, settings);
            error = null;
            return true;
        }
    }

    // The chat completions body of the video model the start stands for.
    private static byte[] ChatBody(string prompt, string? imageUrl, JsonElement? reasoningEffort)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("model", VideoCreateMapping.DefaultModel);
            writer.WriteBoolean("stream", true);
            if (reasoningEffort is { ValueKind: not JsonValueKind.Null } effort)
            {
                writer.WritePropertyName("reasoning_effort");
                if (effort.ValueKind == JsonValueKind.String)
                {
                    writer.WriteStringValue(effort.GetString());
                }
                else
                {
                    // Any other value goes as it came; the chat reader names it in its 400.
                    writer.WriteRawValue(effort.GetRawText());
                }
            }

            writer.WriteStartArray("messages");
            writer.WriteStartObject();
            writer.WriteString("role", "user");
            writer.WriteStartArray("content");
            writer.WriteStartObject();
            writer.WriteString("type", "text");
            writer.WriteString("text", prompt);
            writer.WriteEndObject();
            if (imageUrl is not null)
            {
                writer.WriteStartObject();
                writer.WriteString("type", "image_url");
                writer.WriteStartObject("image_url");
                writer.WriteString("url", imageUrl);
                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
