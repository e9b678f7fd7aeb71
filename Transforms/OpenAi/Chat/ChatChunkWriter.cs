namespace Grok2Api.Transforms.OpenAi.Chat;

/// <summary>
/// Writes OpenAI <c>chat.completion.chunk</c> SSE events (<c>data: {…}\n\n</c>) straight into the
/// response's buffer writer with one reused <see cref="Utf8JsonWriter"/>; no strings are made per event.
/// Per request; not thread-safe.
/// </summary>
internal sealed class ChatChunkWriter : IDisposable
{
    /// <summary>Relaxed escaping: non-ASCII text and HTML characters go out as they are (this is not HTML).</summary>
    public static readonly JsonWriterOptions JsonOptions = ReusedJsonWriter.Options;

    private readonly JsonEncodedText _id;
    private readonly JsonEncodedText _model;
    private readonly long _created;
    private readonly bool _includeUsage;
    private readonly ReusedJsonWriter _json = new();

    public ChatChunkWriter(ChatAnswerOptions options)
    {
        _id = JsonEncodedText.Encode(options.CompletionId, JsonOptions.Encoder);
        _model = JsonEncodedText.Encode(options.Model, JsonOptions.Encoder);
        _created = options.Created;
        _includeUsage = options.IncludeUsage;
    }

    /// <summary>The first chunk: <c>delta {"role":"assistant","content":""}</c>.</summary>
    public void WriteRole(IBufferWriter<byte> target, string? fingerprint)
    {
        var json = Begin(target, fingerprint);
        json.WriteStartObject("delta"u8);
        json.WriteString("role"u8, "assistant"u8);
        json.WriteString("content"u8, ""u8);
        json.WriteEndObject();
        End(target, json, default);
    }

    /// <summary>A content or reasoning delta.</summary>
    public void WriteDelta(IBufferWriter<byte> target, string? fingerprint, bool reasoning, ReadOnlySpan<byte> utf8)
    {
        var json = Begin(target, fingerprint);
        json.WriteStartObject("delta"u8);
        json.WriteString(reasoning ? "reasoning_content"u8 : "content"u8, utf8);
        json.WriteEndObject();
        End(target, json, default);
    }

    /// <summary>The last choice chunk: <c>delta {}</c>, <c>finish_reason "stop"</c>.</summary>
    public void WriteFinish(IBufferWriter<byte> target, string? fingerprint) => WriteFinish(target, fingerprint, "stop"u8);

    /// <summary>The last choice chunk: <c>delta {}</c> and <paramref name="finishReason"/> (<c>stop</c>, <c>length</c>, <c>tool_calls</c>).</summary>
    public void WriteFinish(IBufferWriter<byte> target, string? fingerprint, ReadOnlySpan<byte> finishReason)
    {
        var json = Begin(target, fingerprint);
        json.WriteStartObject("delta"u8);
        json.WriteEndObject();
        End(target, json, finishReason);
    }

    /// <summary>
    /// The first delta of a tool call: <c>{"tool_calls":[{"index":i,"id":…,"type":"function","function":{"name":…,"arguments":""}}]}</c>,
    /// the shape the OpenAI SDKs start assembling a call from.
    /// </summary>
    public void WriteToolCallStart(IBufferWriter<byte> target, string? fingerprint, int index, string id, string name)
    {
        var json = Begin(target, fingerprint);
        json.WriteStartObject("delta"u8);
        json.WriteStartArray("tool_calls"u8);
        json.WriteStartObject();
        json.WriteNumber("index"u8, index);
        json.WriteString("id"u8, id);
        json.WriteString("type"u8, "function"u8);
        json.WriteStartObject("function"u8);
        json.WriteString("name"u8, name);
        json.WriteString("arguments"u8, ""u8);
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
        End(target, json, default);
    }

    /// <summary>A piece of a tool call's arguments: <c>{"tool_calls":[{"index":i,"function":{"arguments":…}}]}</c>.</summary>
    public void WriteToolCallArguments(IBufferWriter<byte> target, string? fingerprint, int index, ReadOnlySpan<char> piece)
    {
        var json = Begin(target, fingerprint);
        json.WriteStartObject("delta"u8);
        json.WriteStartArray("tool_calls"u8);
        json.WriteStartObject();
        json.WriteNumber("index"u8, index);
        json.WriteStartObject("function"u8);
        json.WriteString("arguments"u8, piece);
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
        End(target, json, default);
    }

    /// <summary>The usage chunk: <c>"choices":[]</c> and the usage object.</summary>
    public void WriteUsage(IBufferWriter<byte> target, string? fingerprint, ChatUsage usage)
    {
        target.Write("data: "u8);
        var json = _json.To(target);
        WriteHead(json, fingerprint);
        json.WriteStartArray("choices"u8);
        json.WriteEndArray();
        json.WritePropertyName("usage"u8);
        usage.WriteTo(json);
        json.WriteEndObject();
        json.Flush();
        target.Write("\n\n"u8);
    }

    /// <summary><c>data: {"error":{…}}</c>.</summary>
    public void WriteError(IBufferWriter<byte> target, OpenAiError error)
    {
        target.Write("data: "u8);
        var json = _json.To(target);
        json.WriteStartObject();
        json.WriteStartObject("error"u8);
        json.WriteString("message"u8, error.Message);
        json.WriteString("type"u8, error.Type);
        ReusedJsonWriter.WriteStringOrNull(json, "param"u8, error.Param);
        ReusedJsonWriter.WriteStringOrNull(json, "code"u8, error.Code);
        json.WriteEndObject();
        json.WriteEndObject();
        json.Flush();
        target.Write("\n\n"u8);
    }

    /// <summary><c>data: [DONE]</c>.</summary>
    public static void WriteDone(IBufferWriter<byte> target) => target.Write("data: [DONE]\n\n"u8);

    public void Dispose() => _json.Dispose();

    private Utf8JsonWriter Begin(IBufferWriter<byte> target, string? fingerprint)
    {
        target.Write("data: "u8);
        var json = _json.To(target);
        WriteHead(json, fingerprint);
        json.WriteStartArray("choices"u8);
        json.WriteStartObject();
        json.WriteNumber("index"u8, 0);
        return json;
    }

    // An empty finish reason writes null (the chunk does not finish the choice).
    private void End(IBufferWriter<byte> target, Utf8JsonWriter json, ReadOnlySpan<byte> finishReason)
    {
        json.WriteNull("logprobs"u8);
        if (!finishReason.IsEmpty)
        {
            json.WriteString("finish_reason"u8, finishReason);
        }
        else
        {
            json.WriteNull("finish_reason"u8);
        }

        json.WriteEndObject();
        json.WriteEndArray();
        if (_includeUsage)
        {
            json.WriteNull("usage"u8);
        }

        json.WriteEndObject();
        json.Flush();
        target.Write("\n\n"u8);
    }

    private void WriteHead(Utf8JsonWriter json, string? fingerprint)
    {
        json.WriteStartObject();
        json.WriteString("id"u8, _id);
        json.WriteString("object"u8, "chat.completion.chunk"u8);
        json.WriteNumber("created"u8, _created);
        json.WriteString("model"u8, _model);
        ReusedJsonWriter.WriteStringOrNull(json, "system_fingerprint"u8, fingerprint);
    }

}
