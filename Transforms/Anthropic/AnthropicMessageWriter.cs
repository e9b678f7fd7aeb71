using System.Security.Cryptography;
using System.Text;
using Grok2Api.Transforms.Buffers;
using Grok2Api.Transforms.OpenAi;
using Grok2Api.Transforms.OpenAi.Chat;

namespace Grok2Api.Transforms.Anthropic;

/// <summary>
/// Writes neutral answer output as an Anthropic Messages API answer: server-sent events
/// (<c>message_start</c>, <c>ping</c>, <c>content_block_start</c> / <c>content_block_delta</c> /
/// <c>content_block_stop</c> per block, <c>message_delta</c>, <c>message_stop</c>) or one
/// <c>message</c> object. Blocks: <c>thinking</c> (when the request enabled thinking), <c>text</c>, and
/// <c>tool_use</c> for each call a <see cref="ToolCallFilter"/> passes on. One instance per attempt;
/// not thread-safe; dispose it.
/// </summary>
/// <remarks>
/// <para>A thinking block's <c>signature</c> is the base64 SHA-256 of its text, generated here: the
/// upstream signs nothing, so the value only satisfies clients that expect one; it cannot be verified
/// and earlier thinking blocks sent back are dropped.</para>
/// <para><c>stop_reason</c>: <c>max_tokens</c> or <c>stop_sequence</c> (with <c>stop_sequence</c>) when
/// <see cref="Stopped"/> was called, <c>tool_use</c> when the answer called tools, <c>end_turn</c>
/// otherwise. <c>usage.output_tokens</c> counts the text, the shown thinking and the tool inputs with
/// <see cref="ChatTokenCounter"/>. A stream that fails after it began ends with one <c>error</c> event.</para>
/// </remarks>
public sealed class AnthropicMessageWriter : AnswerWriter
{
    private const string IdAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private readonly AnthropicAnswerOptions _options;
    private readonly IBufferWriter<byte> _target;
    private readonly List<Block> _blocks = [];
    private readonly PooledBuffer _scratch = new(128);
    private readonly ReusedJsonWriter _json = new();
    private IncrementalHash? _thinkingHash;
    private BlockKind _open;
    private int _index = -1;
    private int _outputTokens;
    private int _calls;
    private bool _started;
    private bool _finished;
    private bool _textAtLineStart = true;
    private AnswerStop? _stop;

    /// <summary>Creates the writer of one answer.</summary>
    /// <param name="options">The request's settings.</param>
    /// <param name="target">The response body.</param>
    public AnthropicMessageWriter(AnthropicAnswerOptions options, IBufferWriter<byte> target)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(target);
        _options = options;
        _target = target;
    }

    private enum BlockKind
    {
        None,
        Thinking,
        Text,
    }

    /// <inheritdoc />
    public override bool Streams => _options.Stream;

    /// <summary>How many tool calls the answer made.</summary>
    public int Calls => _calls;

    /// <inheritdoc />
    public override void Begin() => EnsureStarted();

    /// <inheritdoc />
    public override void Reasoning(ReadOnlySpan<byte> utf8)
    {
        if (!_options.Thinking || utf8.IsEmpty || _finished)
        {
            return;
        }

        Open(BlockKind.Thinking);
        _thinkingHash!.AppendData(utf8);
        _outputTokens += ChatTokenCounter.Count(utf8);
        AppendDelta("thinking_delta"u8, "thinking"u8, utf8);
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

        Open(BlockKind.Text);
        _outputTokens += ChatTokenCounter.CountAnswer(utf8);
        _textAtLineStart = utf8[^1] == (byte)'\n';
        AppendDelta("text_delta"u8, "text"u8, utf8);
    }

    /// <summary>An image as markdown text on a line of its own (the Messages API has no image output).</summary>
    /// <param name="alt">Its alternative text.</param>
    /// <param name="url">Its URL.</param>
    public override void Image(string alt, string url)
    {
        var lineBreak = _open == BlockKind.Text && !_textAtLineStart;
        ChatTranslationMarkdown.WriteImage(_scratch, alt, url);
        var line = new byte[(lineBreak ? 1 : 0) + _scratch.Length + 1];
        if (lineBreak)
        {
            line[0] = (byte)'\n';
        }

        _scratch.WrittenSpan.CopyTo(line.AsSpan(lineBreak ? 1 : 0));
        line[^1] = (byte)'\n';
        Text(line);
    }

    /// <summary>A <c>tool_use</c> block with a fresh <c>toolu_…</c> id and the call's arguments as its input.</summary>
    /// <param name="index">The call's position among the answer's calls.</param>
    /// <param name="call">The call.</param>
    public override void ToolCall(int index, ToolCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (_finished)
        {
            return;
        }

        EnsureStarted();
        Close();
        _calls++;
        _index++;
        var id = "toolu_" + new string(RandomNumberGenerator.GetItems<char>(IdAlphabet, 24));
        _outputTokens += ChatTokenCounter.Count(call.ArgumentsJson);
        if (!_options.Stream)
        {
            _blocks.Add(new Block(BlockKind.None) { Id = id, Name = call.Name, Input = call.ArgumentsJson });
            return;
        }

        var json = Event("content_block_start"u8);
        json.WriteNumber("index"u8, _index);
        json.WriteStartObject("content_block"u8);
        json.WriteString("type"u8, "tool_use"u8);
        json.WriteString("id"u8, id);
        json.WriteString("name"u8, call.Name);
        json.WriteStartObject("input"u8);
        json.WriteEndObject();
        json.WriteEndObject();
        EndEvent();

        json = StartDelta("input_json_delta"u8);
        json.WriteString("partial_json"u8, call.ArgumentsJson);
        EndDelta(json);

        WriteBlockStop();
    }

    /// <inheritdoc />
    public override void Stopped(AnswerStop stop) => _stop ??= stop;

    /// <summary>
    /// Stream: closes the open block, then <c>message_delta</c> (stop reason and usage) and
    /// <c>message_stop</c>. Non-stream: the whole <c>message</c> object.
    /// </summary>
    public override void Complete()
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        EnsureStarted();
        Close();
        _finished = true;
        var (reason, sequence) = StopReason();
        if (!_options.Stream)
        {
            WriteMessage(reason, sequence);
            return;
        }

        var json = Event("message_delta"u8);
        json.WriteStartObject("delta"u8);
        json.WriteString("stop_reason"u8, reason);
        ReusedJsonWriter.WriteStringOrNull(json, "stop_sequence"u8, sequence);
        json.WriteEndObject();
        WriteUsage(json);
        EndEvent();

        Event("message_stop"u8);
        EndEvent();
    }

    /// <summary>Ends a stream that failed after it began with one <c>error</c> event.</summary>
    /// <param name="failure">What failed.</param>
    /// <exception cref="InvalidOperationException">In non-stream mode, where the caller answers with an HTTP error instead.</exception>
    public override void Fail(UpstreamFailure failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        EnsureFailureCanBeStreamed(_finished);

        _finished = true;
        var error = AnthropicFailure.From(failure, _options.Model).Error;
        _target.Write("event: error\ndata: "u8);
        var json = Json();
        error.WriteTo(json);
        json.Flush();
        _target.Write("\n\n"u8);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _finished = true;
            _json.Dispose();
            _thinkingHash?.Dispose();
            _scratch.Dispose();
            foreach (var block in _blocks)
            {
                block.Text?.Dispose();
            }
        }
    }

    private (string Reason, string? Sequence) StopReason() => _stop switch
    {
        { Reason: AnswerStopReason.MaxTokens } => ("max_tokens", null),
        { Reason: AnswerStopReason.StopSequence } stop => ("stop_sequence", stop.Sequence),
        _ => _calls > 0 ? ("tool_use", null) : ("end_turn", null),
    };

    private void EnsureStarted()
    {
        if (_started)
        {
            return;
        }

        _started = true;
        if (!_options.Stream)
        {
            return;
        }

        var json = Event("message_start"u8);
        json.WriteStartObject("message"u8);
        WriteHead(json);
        json.WriteStartArray("content"u8);
        json.WriteEndArray();
        json.WriteNull("stop_reason"u8);
        json.WriteNull("stop_sequence"u8);
        WriteUsage(json);
        json.WriteEndObject();
        EndEvent();

        Event("ping"u8);
        EndEvent();
    }

    private void WriteHead(Utf8JsonWriter json)
    {
        json.WriteString("id"u8, _options.MessageId);
        json.WriteString("type"u8, "message"u8);
        json.WriteString("role"u8, "assistant"u8);
        json.WriteString("model"u8, _options.Model);
    }

    private void WriteUsage(Utf8JsonWriter json)
    {
        json.WriteStartObject("usage"u8);
        json.WriteNumber("input_tokens"u8, _options.InputTokens);
        json.WriteNumber("cache_creation_input_tokens"u8, 0);
        json.WriteNumber("cache_read_input_tokens"u8, 0);
        json.WriteNumber("output_tokens"u8, _outputTokens);
        json.WriteEndObject();
    }

    // Opens a thinking or text block unless that kind is open already.
    private void Open(BlockKind kind)
    {
        EnsureStarted();
        if (_open == kind)
        {
            return;
        }

        Close();
        _open = kind;
        _index++;
        if (kind == BlockKind.Thinking)
        {
            _thinkingHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        }
        else
        {
            _textAtLineStart = true;
        }

        if (!_options.Stream)
        {
            _blocks.Add(new Block(kind) { Text = new PooledBuffer(256) });
            return;
        }

        var json = Event("content_block_start"u8);
        json.WriteNumber("index"u8, _index);
        json.WriteStartObject("content_block"u8);
        if (kind == BlockKind.Thinking)
        {
            json.WriteString("type"u8, "thinking"u8);
            json.WriteString("thinking"u8, ""u8);
            json.WriteString("signature"u8, ""u8);
        }
        else
        {
            json.WriteString("type"u8, "text"u8);
            json.WriteString("text"u8, ""u8);
        }

        json.WriteEndObject();
        EndEvent();
    }

    // Closes the open thinking or text block (a thinking block gets its signature first).
    private void Close()
    {
        var kind = _open;
        if (kind == BlockKind.None)
        {
            return;
        }

        _open = BlockKind.None;
        string? signature = null;
        if (kind == BlockKind.Thinking)
        {
            signature = Convert.ToBase64String(_thinkingHash!.GetHashAndReset());
            _thinkingHash.Dispose();
            _thinkingHash = null;
        }

        if (!_options.Stream)
        {
            _blocks[^1].Signature = signature;
            return;
        }

        if (signature is not null)
        {
            var json = StartDelta("signature_delta"u8);
            json.WriteString("signature"u8, signature);
            EndDelta(json);
        }

        WriteBlockStop();
    }

    // Text or thinking for the open block: a content_block_delta event in a stream, else kept for the message.
    private void AppendDelta(ReadOnlySpan<byte> type, ReadOnlySpan<byte> field, ReadOnlySpan<byte> utf8)
    {
        if (!_options.Stream)
        {
            _blocks[^1].Text!.Append(utf8);
            return;
        }

        var json = StartDelta(type);
        json.WriteString(field, utf8);
        EndDelta(json);
    }

    // A content_block_delta event of the open block, up to the delta's own field.
    private Utf8JsonWriter StartDelta(ReadOnlySpan<byte> type)
    {
        var json = Event("content_block_delta"u8);
        json.WriteNumber("index"u8, _index);
        json.WriteStartObject("delta"u8);
        json.WriteString("type"u8, type);
        return json;
    }

    private void EndDelta(Utf8JsonWriter json)
    {
        json.WriteEndObject();
        EndEvent();
    }

    private void WriteBlockStop()
    {
        var json = Event("content_block_stop"u8);
        json.WriteNumber("index"u8, _index);
        EndEvent();
    }

    private void WriteMessage(string reason, string? sequence)
    {
        var json = Json();
        json.WriteStartObject();
        WriteHead(json);
        json.WriteStartArray("content"u8);
        foreach (var block in _blocks)
        {
            json.WriteStartObject();
            switch (block.Kind)
            {
                case BlockKind.Thinking:
                    json.WriteString("type"u8, "thinking"u8);
                    json.WriteString("thinking"u8, block.Text!.WrittenSpan);
                    json.WriteString("signature"u8, block.Signature ?? string.Empty);
                    break;
                case BlockKind.Text:
                    json.WriteString("type"u8, "text"u8);
                    json.WriteString("text"u8, block.Text!.WrittenSpan);
                    break;
                default:
                    json.WriteString("type"u8, "tool_use"u8);
                    json.WriteString("id"u8, block.Id);
                    json.WriteString("name"u8, block.Name);
                    json.WritePropertyName("input"u8);
                    json.WriteRawValue(block.Input!, skipInputValidation: false);
                    break;
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteString("stop_reason"u8, reason);
        ReusedJsonWriter.WriteStringOrNull(json, "stop_sequence"u8, sequence);
        WriteUsage(json);
        json.WriteEndObject();
        json.Flush();
    }

    private Utf8JsonWriter Event(ReadOnlySpan<byte> type) => _json.StartEvent(_target, type);

    private void EndEvent() => _json.EndEvent();

    private Utf8JsonWriter Json() => _json.To(_target);

    private sealed class Block(BlockKind kind)
    {
        public BlockKind Kind { get; } = kind;

        public PooledBuffer? Text { get; init; }

        public string? Signature { get; set; }

        public string? Id { get; init; }

        public string? Name { get; init; }

        public string? Input { get; init; }
    }
}
