using System.Text.Encodings.Web;

namespace Grok2Api.Transforms.OpenAi.Responses;

/// <summary>
/// What is stored with a response to continue from it and to list its input: the conversation so far
/// (earlier turns, this request's input and the answer as an assistant turn; never the instructions)
/// and this request's input items. Written and read as JSON (<see cref="ToJson"/>, <see cref="TryParse"/>).
/// </summary>
/// <param name="Messages">The conversation, in neutral form.</param>
/// <param name="InputItems">This request's input items (JSON objects with ids), in order.</param>
public sealed record ResponsesContext(IReadOnlyList<ConversationMessage> Messages, IReadOnlyList<string> InputItems)
{
    private const string ContextParam = "previous_response_id";
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The context as UTF-8 JSON.</summary>
    public byte[] ToJson()
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteNumber("version"u8, 1);
            json.WriteStartArray("messages"u8);
            foreach (var message in Messages)
            {
                WriteMessage(json, message);
            }

            json.WriteEndArray();
            json.WriteStartArray("input_items"u8);
            foreach (var item in InputItems)
            {
                json.WriteRawValue(item);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Reads a stored context; false when it is not one (a damaged record).</summary>
    /// <param name="utf8Json">The stored JSON.</param>
    /// <param name="context">The context.</param>
    public static bool TryParse(ReadOnlySpan<byte> utf8Json, [NotNullWhen(true)] out ResponsesContext? context)
    {
        context = null;
        try
        {
            var reader = new Utf8JsonReader(utf8Json);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            var messages = new List<ConversationMessage>();
            foreach (var message in root.GetProperty("messages").EnumerateArray())
            {
                messages.Add(ReadMessage(message));
            }

            var items = new List<string>();
            foreach (var item in root.GetProperty("input_items").EnumerateArray())
            {
                items.Add(item.GetRawText());
            }

            context = new ResponsesContext(messages, items);
            return true;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
        {
            return false;
        }
    }

    private static void WriteMessage(Utf8JsonWriter json, ConversationMessage message)
    {
        json.WriteStartObject();
        json.WriteString("role"u8, message.Role);
        json.WriteStartArray("parts"u8);
        foreach (var part in message.Parts)
        {
            json.WriteStartObject();
            json.WriteString("kind"u8, part.Kind.ToString());
            if (part.Text is { } text)
            {
                json.WriteString("text"u8, text);
            }

            if (part.Media is { } media)
            {
                json.WriteString("media"u8, media);
            }

            if (part.FileName is { } fileName)
            {
                json.WriteString("file_name"u8, fileName);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        if (message.ToolCalls.Count > 0)
        {
            json.WriteStartArray("tool_calls"u8);
            foreach (var call in message.ToolCalls)
            {
                json.WriteStartObject();
                json.WriteString("id"u8, call.Id);
                json.WriteString("name"u8, call.Name);
                json.WriteString("arguments"u8, call.ArgumentsJson);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        if (message.ToolCallId is { } callId)
        {
            json.WriteString("tool_call_id"u8, callId);
        }

        if (message.ToolName is { } toolName)
        {
            json.WriteString("tool_name"u8, toolName);
        }

        if (message.IsError)
        {
            json.WriteBoolean("is_error"u8, true);
        }

        json.WriteEndObject();
    }

    private static ConversationMessage ReadMessage(JsonElement message)
    {
        var parts = new List<ConversationPart>();
        foreach (var part in message.GetProperty("parts").EnumerateArray())
        {
            var kind = Enum.Parse<ConversationPartKind>(part.GetProperty("kind").GetString()!);
            parts.Add(new ConversationPart(kind, Optional(part, "text"), Optional(part, "media"), Optional(part, "file_name"), ContextParam));
        }

        var calls = new List<ToolCall>();
        if (message.TryGetProperty("tool_calls", out var array))
        {
            foreach (var call in array.EnumerateArray())
            {
                calls.Add(new ToolCall(call.GetProperty("id").GetString()!, call.GetProperty("name").GetString()!, call.GetProperty("arguments").GetString()!));
            }
        }

        return new ConversationMessage(message.GetProperty("role").GetString()!, parts)
        {
            ToolCalls = calls,
            ToolCallId = Optional(message, "tool_call_id"),
            ToolName = Optional(message, "tool_name"),
            IsError = message.TryGetProperty("is_error", out var error) && error.ValueKind == JsonValueKind.True,
        };
    }

    private static string? Optional(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
