namespace Grok2Api.Transforms.OpenAi.Chat;

/// <summary>Writes the non-stream <c>chat.completion</c> object.</summary>
internal static class ChatCompletionWriter
{
    public static void Write(
        IBufferWriter<byte> target,
        ChatAnswerOptions options,
        string? fingerprint,
        ReadOnlySpan<byte> content,
        ReadOnlySpan<byte> reasoning,
        ChatUsage usage)
    {
        using var json = new Utf8JsonWriter(target, ChatChunkWriter.JsonOptions);
        json.WriteStartObject();
        json.WriteString("id"u8, options.CompletionId);
        json.WriteString("object"u8, "chat.completion"u8);
        json.WriteNumber("created"u8, options.Created);
        json.WriteString("model"u8, options.Model);
        ChatChunkWriter.WriteStringOrNull(json, "system_fingerprint"u8, fingerprint);
        json.WriteStartArray("choices"u8);
        json.WriteStartObject();
        json.WriteNumber("index"u8, 0);
        json.WriteStartObject("message"u8);
        json.WriteString("role"u8, "assistant"u8);
        json.WriteString("content"u8, content);
        if (options.Reasoning == ReasoningMode.ReasoningContent && !reasoning.IsEmpty)
        {
            json.WriteString("reasoning_content"u8, reasoning);
        }

        json.WriteNull("refusal"u8);
        json.WriteStartArray("annotations"u8);
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteNull("logprobs"u8);
        json.WriteString("finish_reason"u8, "stop"u8);
        json.WriteEndObject();
        json.WriteEndArray();
        json.WritePropertyName("usage"u8);
        usage.WriteTo(json);
        json.WriteEndObject();
    }
}
