using System.Text;
using Grok2Api.Transforms.Buffers;
using Grok2Api.Transforms.OpenAi.Chat;

namespace Grok2Api.Transforms.OpenAi.Responses;

/// <summary>
/// Writes neutral answer output as an OpenAI Responses API answer: one <c>response</c> object, or
/// the SSE events of a streamed response (<c>event: &lt;type&gt;</c>, <c>data: {…}</c>, every event with a
/// <c>sequence_number</c> from 0). Thinking becomes a <c>reasoning</c> item whose summary is the
/// thinking text (unless hidden), text a <c>message</c> item, and each tool call a
/// <c>function_call</c> item, in the order they came. One instance per attempt; not thread-safe.
/// </summary>
/// <remarks>
/// A stream opens with <c>response.created</c> and <c>response.in_progress</c>; each item is
/// announced (<c>response.output_item.added</c>), filled with its deltas, and closed
/// (<c>response.output_item.done</c>) before the next one opens; it ends with
/// <c>response.completed</c> (or <c>response.incomplete</c> when the answer was cut at the token
/// limit), or, after a failure, with one <c>response.failed</c>.
/// </remarks>
public sealed class ResponsesAnswerWriter : AnswerWriter
{
    private readonly ResponsesAnswerOptions _options;
    private readonly IBufferWriter<byte> _target;
    private readonly List<Item> _items = [];
    private readonly PooledBuffer _scratch = new(128);
    private readonly ReusedJsonWriter _writer = new();
    private Item? _open;
    private int _sequence;
    private bool _started;
    private bool _finished;
    private string? _incompleteReason;

    /// <summary>Creates the writer of one attempt.</summary>
    /// <param name="options">The request's settings.</param>
    /// <param name="target">The response body.</param>
    public ResponsesAnswerWriter(ResponsesAnswerOptions options, IBufferWriter<byte> target)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(target);
        _options = options;
        _target = target;
    }

    private enum Kind
    {
        Reasoning,
        Message,
        FunctionCall,
    }

    /// <inheritdoc />
    public override bool Streams => _options.Request.Stream;

    /// <summary>What the answer produced, once it completed; null before (or after a failure).</summary>
    public ResponsesResult? Result { get; private set; }

    /// <inheritdoc />
    public override void Begin() => EnsureStarted();

    /// <inheritdoc />
    public override void Reasoning(ReadOnlySpan<byte> utf8)
    {
        if (!_options.ShowReasoning || utf8.IsEmpty || _finished)
        {
            return;
        }

        var item = Open(Kind.Reasoning);
        item.Text.Append(utf8);
        if (Streams)
        {
            var json = StartPartEvent("response.reasoning_summary_text.delta", item);
            json.WriteString("delta"u8, utf8);
            EndEvent();
        }
    }

    /// <inheritdoc />
    public override void ReasoningNote(ReadOnlySpan<byte> utf8) => Reasoning(utf8);

    /// <inheritdoc />
    public override void Text(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty || _finished)
        {
            return;
        }

        var item = Open(Kind.Message);
        item.Text.Append(utf8);
        if (Streams)
        {
            var json = StartPartEvent("response.output_text.delta", item);
            json.WriteString("delta"u8, utf8);
            json.WriteStartArray("logprobs"u8);
            json.WriteEndArray();
            EndEvent();
        }
    }

    /// <inheritdoc />
    public override void Image(string alt, string url)
    {
        _scratch.Clear();
        ChatTranslationMarkdown.WriteImage(_scratch, alt, url);
        Text(_scratch.WrittenSpan);
    }

    /// <summary>A <c>function_call</c> item with fresh <c>fc_…</c> and <c>call_…</c> ids; in a stream its arguments come as one delta.</summary>
    /// <param name="index">The call's position among the answer's calls.</param>
    /// <param name="call">The call.</param>
    public override void ToolCall(int index, ToolCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (_finished)
        {
            return;
        }

        Close();
        var item = new Item(Kind.FunctionCall, ResponsesIds.New("fc"), _items.Count)
        {
            Call = call with { Id = ResponsesIds.New("call") },
        };
        item.Text.Append(Encoding.UTF8.GetBytes(call.ArgumentsJson));
        _items.Add(item);
        if (!Streams)
        {
            item.Done = true;
            return;
        }

        EnsureStarted();
        WriteItemEvent("response.output_item.added", item);
        var json = StartEvent("response.function_call_arguments.delta");
        WriteItemRef(json, item);
        json.WriteString("delta"u8, item.Text.WrittenSpan);
        EndEvent();
        json = StartEvent("response.function_call_arguments.done");
        WriteItemRef(json, item);
        json.WriteString("name"u8, item.Call.Name);
        json.WriteString("arguments"u8, item.Text.WrittenSpan);
        EndEvent();
        item.Done = true;
        WriteItemEvent("response.output_item.done", item);
    }

    /// <summary>The answer was cut at the client's token limit: the response ends <c>incomplete</c> (<c>max_output_tokens</c>).</summary>
    /// <param name="stop">Why it stopped.</param>
    public override void Stopped(AnswerStop stop)
    {
        ArgumentNullException.ThrowIfNull(stop);
        if (stop.Reason == AnswerStopReason.MaxTokens)
        {
            _incompleteReason = "max_output_tokens";
        }
    }

    /// <summary>
    /// Closes the open item; writes the whole response object (non-stream) or the final event
    /// (stream; held in <see cref="Result"/> when <see cref="ResponsesAnswerOptions.HoldFinalEvent"/>).
    /// </summary>
    public override void Complete()
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        EnsureStarted();
        Close();
        _finished = true;
        var status = _incompleteReason is null ? "completed" : "incomplete";
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer, ReusedJsonWriter.Options))
        {
            WriteResponse(json, status, null, CountUsage());
        }

        var response = buffer.WrittenSpan.ToArray();
        byte[]? held = null;
        if (!Streams)
        {
            _target.Write(response);
        }
        else if (_options.HoldFinalEvent)
        {
            var eventBuffer = new ArrayBufferWriter<byte>(response.Length + 128);
            WriteFinalEvent(eventBuffer, status, response);
            held = eventBuffer.WrittenSpan.ToArray();
        }
        else
        {
            WriteFinalEvent(_target, status, response);
        }

        Result = new ResponsesResult(response, AssistantTurn(), held);
    }

    /// <summary>Ends a stream that failed after it began with one <c>response.failed</c> event.</summary>
    /// <param name="failure">What failed.</param>
    /// <exception cref="InvalidOperationException">In non-stream mode, where the caller answers with an HTTP error instead.</exception>
    public override void Fail(UpstreamFailure failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        EnsureFailureCanBeStreamed(_finished);

        EnsureStarted();
        _finished = true;
        var error = OpenAiFailure.From(failure, _options.Request.Model).Error;
        var json = StartEvent("response.failed");
        json.WritePropertyName("response"u8);
        WriteResponse(json, "failed", error, null);
        EndEvent();
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _finished = true;
            _writer.Dispose();
            _scratch.Dispose();
            foreach (var item in _items)
            {
                item.Text.Dispose();
            }
        }
    }

    private void EnsureStarted()
    {
        if (_started || !Streams)
        {
            _started = true;
            return;
        }

        _started = true;
        foreach (var type in (ReadOnlySpan<string>)["response.created", "response.in_progress"])
        {
            var json = StartEvent(type);
            json.WritePropertyName("response"u8);
            WriteResponse(json, "in_progress", null, null);
            EndEvent();
        }
    }

    // The open item of this kind, or a new one after closing the open item of another kind.
    private Item Open(Kind kind)
    {
        if (_open is { } open && open.Kind == kind)
        {
            return open;
        }

        Close();
        EnsureStarted();
        var item = new Item(kind, ResponsesIds.New(kind == Kind.Reasoning ? "rs" : "msg"), _items.Count);
        _items.Add(item);
        _open = item;
        if (!Streams)
        {
            return item;
        }

        WriteItemEvent("response.output_item.added", item);
        if (kind == Kind.Reasoning)
        {
            var json = StartPartEvent("response.reasoning_summary_part.added", item);
            json.WritePropertyName("part"u8);
            WriteSummaryPart(json, []);
            EndEvent();
        }
        else
        {
            var json = StartPartEvent("response.content_part.added", item);
            json.WritePropertyName("part"u8);
            WriteTextPart(json, []);
            EndEvent();
        }

        return item;
    }

    private void Close()
    {
        if (_open is not { } item)
        {
            return;
        }

        _open = null;
        item.Done = true;
        if (!Streams)
        {
            return;
        }

        if (item.Kind == Kind.Reasoning)
        {
            var json = StartPartEvent("response.reasoning_summary_text.done", item);
            json.WriteString("text"u8, item.Text.WrittenSpan);
            EndEvent();
            json = StartPartEvent("response.reasoning_summary_part.done", item);
            json.WritePropertyName("part"u8);
            WriteSummaryPart(json, item.Text.WrittenSpan);
            EndEvent();
        }
        else
        {
            var json = StartPartEvent("response.output_text.done", item);
            json.WriteString("text"u8, item.Text.WrittenSpan);
            json.WriteStartArray("logprobs"u8);
            json.WriteEndArray();
            EndEvent();
            json = StartPartEvent("response.content_part.done", item);
            json.WritePropertyName("part"u8);
            WriteTextPart(json, item.Text.WrittenSpan);
            EndEvent();
        }

        WriteItemEvent("response.output_item.done", item);
    }

    private void WriteItemEvent(string type, Item item)
    {
        var json = StartEvent(type);
        json.WriteNumber("output_index"u8, item.Index);
        json.WritePropertyName("item"u8);
        WriteItem(json, item);
        EndEvent();
    }

    // An event about the one part of an item: a reasoning item's summary, a message's content.
    private Utf8JsonWriter StartPartEvent(string type, Item item)
    {
        var json = StartEvent(type);
        WriteItemRef(json, item);
        json.WriteNumber(item.Kind == Kind.Reasoning ? "summary_index"u8 : "content_index"u8, 0);
        return json;
    }

    private static void WriteItemRef(Utf8JsonWriter json, Item item)
    {
        json.WriteString("item_id"u8, item.Id);
        json.WriteNumber("output_index"u8, item.Index);
    }

    private Utf8JsonWriter StartEvent(string type) => StartEvent(_target, type);

    private Utf8JsonWriter StartEvent(IBufferWriter<byte> target, string type)
    {
        var json = _writer.StartEvent(target, Encoding.ASCII.GetBytes(type));
        json.WriteNumber("sequence_number"u8, _sequence++);
        return json;
    }

    private void EndEvent() => _writer.EndEvent();

    private void WriteFinalEvent(IBufferWriter<byte> target, string status, byte[] response)
    {
        var json = StartEvent(target, status == "completed" ? "response.completed" : "response.incomplete");
        json.WritePropertyName("response"u8);
        json.WriteRawValue(response, skipInputValidation: true);
        EndEvent();
    }

    private void WriteResponse(Utf8JsonWriter json, string status, OpenAiError? error, (int Input, int Output, int Reasoning)? usage)
    {
        var request = _options.Request;
        json.WriteStartObject();
        json.WriteString("id"u8, _options.ResponseId);
        json.WriteString("object"u8, "response"u8);
        json.WriteNumber("created_at"u8, _options.CreatedAt);
        json.WriteString("status"u8, status);
        json.WriteBoolean("background"u8, false);
        if (error is null)
        {
            json.WriteNull("error"u8);
        }
        else
        {
            json.WriteStartObject("error"u8);
            json.WriteString("code"u8, error.Code ?? error.Type);
            json.WriteString("message"u8, error.Message);
            json.WriteEndObject();
        }

        if (status == "incomplete")
        {
            json.WriteStartObject("incomplete_details"u8);
            json.WriteString("reason"u8, _incompleteReason);
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("incomplete_details"u8);
        }

        ReusedJsonWriter.WriteStringOrNull(json, "instructions"u8, request.Instructions);
        WriteNumberOrNull(json, "max_output_tokens"u8, request.MaxOutputTokens);
        json.WriteNull("max_tool_calls"u8);
        json.WriteString("model"u8, request.Model);
        json.WriteStartArray("output"u8);
        if (status != "in_progress")
        {
            foreach (var item in _items)
            {
                WriteItem(json, item);
            }
        }

        json.WriteEndArray();
        json.WriteBoolean("parallel_tool_calls"u8, request.ParallelToolCalls);
        ReusedJsonWriter.WriteStringOrNull(json, "previous_response_id"u8, request.PreviousResponseId);
        json.WriteStartObject("reasoning"u8);
        ReusedJsonWriter.WriteStringOrNull(json, "effort"u8, request.ReasoningEffort);
        ReusedJsonWriter.WriteStringOrNull(json, "summary"u8, request.ReasoningSummary);
        json.WriteEndObject();
        json.WriteString("service_tier"u8, "default"u8);
        json.WriteBoolean("store"u8, request.Store);
        json.WriteNumber("temperature"u8, request.Temperature ?? 1.0);
        json.WriteStartObject("text"u8);
        json.WriteStartObject("format"u8);
        json.WriteString("type"u8, "text"u8);
        json.WriteEndObject();
        json.WriteEndObject();
        if (request.ToolChoiceJson is { } choice)
        {
            json.WritePropertyName("tool_choice"u8);
            json.WriteRawValue(choice, skipInputValidation: true);
        }
        else
        {
            json.WriteString("tool_choice"u8, "auto"u8);
        }

        json.WritePropertyName("tools"u8);
        json.WriteRawValue(request.ToolsJson ?? "[]", skipInputValidation: true);
        json.WriteNumber("top_p"u8, request.TopP ?? 1.0);
        json.WriteString("truncation"u8, "disabled"u8);
        if (usage is { } counts)
        {
            json.WriteStartObject("usage"u8);
            json.WriteNumber("input_tokens"u8, counts.Input);
            json.WriteStartObject("input_tokens_details"u8);
            json.WriteNumber("cached_tokens"u8, 0);
            json.WriteEndObject();
            json.WriteNumber("output_tokens"u8, counts.Output);
            json.WriteStartObject("output_tokens_details"u8);
            json.WriteNumber("reasoning_tokens"u8, counts.Reasoning);
            json.WriteEndObject();
            json.WriteNumber("total_tokens"u8, counts.Input + counts.Output);
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("usage"u8);
        }

        ReusedJsonWriter.WriteStringOrNull(json, "user"u8, request.User);
        json.WritePropertyName("metadata"u8);
        json.WriteRawValue(request.MetadataJson ?? "{}", skipInputValidation: true);
        json.WriteEndObject();
    }

    private void WriteItem(Utf8JsonWriter json, Item item)
    {
        json.WriteStartObject();
        json.WriteString("id"u8, item.Id);
        switch (item.Kind)
        {
            case Kind.Reasoning:
                json.WriteString("type"u8, "reasoning"u8);
                json.WriteStartArray("summary"u8);
                if (item.Done)
                {
                    WriteSummaryPart(json, item.Text.WrittenSpan);
                }

                json.WriteEndArray();
                break;
            case Kind.Message:
                json.WriteString("type"u8, "message"u8);
                json.WriteString("status"u8, ItemStatus(item));
                json.WriteString("role"u8, "assistant"u8);
                json.WriteStartArray("content"u8);
                if (item.Done)
                {
                    WriteTextPart(json, item.Text.WrittenSpan);
                }

                json.WriteEndArray();
                break;
            default:
                json.WriteString("type"u8, "function_call"u8);
                json.WriteString("status"u8, ItemStatus(item));
                json.WriteString("arguments"u8, item.Done ? item.Text.WrittenSpan : []);
                json.WriteString("call_id"u8, item.Call!.Id);
                json.WriteString("name"u8, item.Call.Name);
                break;
        }

        json.WriteEndObject();
    }

    private string ItemStatus(Item item) =>
        !item.Done ? "in_progress" : _incompleteReason is not null && item.Kind == Kind.Message ? "incomplete" : "completed";

    private static void WriteSummaryPart(Utf8JsonWriter json, ReadOnlySpan<byte> text)
    {
        json.WriteStartObject();
        json.WriteString("type"u8, "summary_text"u8);
        json.WriteString("text"u8, text);
        json.WriteEndObject();
    }

    private static void WriteTextPart(Utf8JsonWriter json, ReadOnlySpan<byte> text)
    {
        json.WriteStartObject();
        json.WriteString("type"u8, "output_text"u8);
        json.WriteStartArray("annotations"u8);
        json.WriteEndArray();
        json.WriteStartArray("logprobs"u8);
        json.WriteEndArray();
        json.WriteString("text"u8, text);
        json.WriteEndObject();
    }

    private static void WriteNumberOrNull(Utf8JsonWriter json, ReadOnlySpan<byte> name, int? value)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, number);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private (int Input, int Output, int Reasoning) CountUsage()
    {
        var input = ChatTokenCounter.Count(_options.Prompt);
        var output = 0;
        var reasoning = 0;
        foreach (var item in _items)
        {
            var count = ChatTokenCounter.CountAnswer(item.Text.WrittenSpan);
            output += count;
            if (item.Kind == Kind.Reasoning)
            {
                reasoning += count;
            }
        }

        return (input, output, reasoning);
    }

    private ConversationMessage? AssistantTurn()
    {
        var text = new StringBuilder();
        var calls = new List<ToolCall>();
        foreach (var item in _items)
        {
            if (item.Kind == Kind.Message)
            {
                text.Append(Encoding.UTF8.GetString(item.Text.WrittenSpan));
            }
            else if (item.Kind == Kind.FunctionCall)
            {
                calls.Add(item.Call!);
            }
        }

        if (text.Length == 0 && calls.Count == 0)
        {
            return null;
        }

        IReadOnlyList<ConversationPart> parts = text.Length == 0
            ? []
            : [new ConversationPart(ConversationPartKind.Text, text.ToString(), null, null, "output")];
        return new ConversationMessage("assistant", parts) { ToolCalls = calls };
    }

    private sealed class Item(Kind kind, string id, int index)
    {
        public Kind Kind { get; } = kind;

        public string Id { get; } = id;

        public int Index { get; } = index;

        public PooledBuffer Text { get; } = new(64);

        public ToolCall? Call { get; init; }

        public bool Done { get; set; }
    }
}
