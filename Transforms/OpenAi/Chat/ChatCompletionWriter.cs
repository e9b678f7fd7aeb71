namespace Grok2Api.Transforms.OpenAi.Chat;

/// <summary>Writes the non-stream <c>chat.completion</c> object.</summary>
internal static class ChatCompletionWriter
{
    /// <summary>
    /// The object with the answer's tool calls (<c>message.tool_calls</c>, <c>content</c> null when there was no
    /// text) and <paramref name="finishReason"/>; without calls the object is the plain answer's.
    /// </summary>
    public static void Write(
        IBufferWriter<byte> target,
        ChatAnswerOptions options,
        string? fingerprint,
        ReadOnlySpan<byte> content,
        ReadOnlySpan<byte> reasoning,
        ChatUsage usage,
        IReadOnlyList<ToolCall> calls,
        ReadOnlySpan<byte> finishReason)
    {
        using var json = new Utf8JsonWriter(target, ChatChunkWriter.JsonOptions);
        json.WriteStartObject();
        json.WriteString("id"u8, options.CompletionId);
        json.WriteString("object"u8, "chat.completion"u8);
        json.WriteNumber("created"u8, options.Created);
        json.WriteString("model"u8, options.Model);
        ReusedJsonWriter.WriteStringOrNull(json, "system_fingerprint"u8, fingerprint);
        json.WriteStartArray("choices"u8);
        json.WriteStartObject();
        json.WriteNumber("index"u8, 0);
        json.WriteStartObject("message"u8);
        json.WriteString("role"u8, "assistant"u8);
        if (calls.Count > 0 && content.IsEmpty)
        {
            json.WriteNull("content"u8);
        }
        else
        {
            json.WriteString("content"u8, content);
        }

        if (options.Reasoning == ReasoningMode.ReasoningContent && !reasoning.IsEmpty)
        {
            json.WriteString("reasoning_content"u8, reasoning);
        }

        json.WriteNull("refusal"u8);
        if (calls.Count > 0)
        {
            WriteToolCalls(json, calls);
        }

        json.WriteStartArray("annotations"u8);
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteNull("logprobs"u8);
        json.WriteString("finish_reason"u8, finishReason);
        json.WriteEndObject();
        json.WriteEndArray();
        json.WritePropertyName("usage"u8);
        usage.WriteTo(json);
        json.WriteEndObject();
    }

    private static void WriteToolCalls(Utf8JsonWriter json, IReadOnlyList<ToolCall> calls)
    {
        json.WriteStartArray("tool_calls"u8);
        foreach (var call in calls)
        {
            json.WriteStartObject();
            json.WriteString("id"u8, call.Id);
            json.WriteString("type"u8, "function"u8);
            json.WriteStartObject("function"u8);
            json.WriteString("name"u8, call.Name);
            json.WriteString("arguments"u8, call.ArgumentsJson);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }
}
