using System.Security.Cryptography;
using Grok2Api.Transforms.Buffers;

namespace Grok2Api.Transforms.OpenAi.Chat;

/// <summary>
/// Writes neutral answer output as an OpenAI chat completion: <c>chat.completion.chunk</c> SSE events
/// (stream) or one <c>chat.completion</c> object (non-stream), with reasoning as
/// <c>reasoning_content</c>, inside <c>&lt;think&gt;</c> tags or hidden, images as markdown, and usage.
/// One instance per attempt; not thread-safe; dispose it.
/// </summary>
/// <remarks>
/// Both modes run the same channel logic, so a non-stream <c>content</c> is exactly the concatenation
/// of the content deltas the stream would have sent. A stream that fails after it began ends with one
/// <c>data: {"error":{…}}</c> event and <c>data: [DONE]</c>.
/// <para>Tool calls (from a <see cref="ToolCallFilter"/>) get a <c>call_…</c> id and are written as
/// <c>message.tool_calls</c> (non-stream) or as <c>tool_calls</c> deltas (stream: a first delta with the id,
/// type, name and empty arguments, then the arguments in pieces), and the answer finishes with
/// <c>tool_calls</c>. The finish reason: <c>length</c> when the client's token limit cut the answer
/// (<see cref="Stopped"/>), else <c>tool_calls</c> when there were calls, else <c>stop</c>.</para>
/// </remarks>
public sealed class ChatAnswerWriter : AnswerWriter
{
    /// <summary>The longest piece of a call's arguments in one stream delta, in characters.</summary>
    internal const int ArgumentsPieceChars = 1024;

    private const int CallIdLength = 24;
    private const string CallIdAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private readonly ChatAnswerOptions _options;
    private readonly IBufferWriter<byte> _target;
    private readonly ChatChunkWriter _chunks;
    private readonly ChatTranslationOutput _output;
    private readonly PooledBuffer _scratch = new(256);
    private readonly List<ToolCall> _calls = [];
    private AnswerStop? _stop;
    private bool _finished;

    /// <summary>Creates the writer of one answer.</summary>
    /// <param name="options">The request's settings.</param>
    /// <param name="target">The response body.</param>
    public ChatAnswerWriter(ChatAnswerOptions options, IBufferWriter<byte> target)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(target);
        _options = options;
        _target = target;
        _chunks = new ChatChunkWriter(options);
        _output = new ChatTranslationOutput(options, _chunks, target);
    }

    /// <inheritdoc />
    public override bool Streams => _options.Stream;

    /// <inheritdoc />
    public override void ModelVersion(string version) => _output.Fingerprint ??= version;

    /// <inheritdoc />
    public override void Begin() => _output.EnsureRole();

    /// <inheritdoc />
    public override void Reasoning(ReadOnlySpan<byte> utf8) => _output.Reasoning(utf8);

    /// <inheritdoc />
    public override void ReasoningNote(ReadOnlySpan<byte> utf8) => _output.ReasoningLine(utf8);

    /// <inheritdoc />
    public override void Text(ReadOnlySpan<byte> utf8) => _output.Content(utf8);

    /// <inheritdoc />
    public override void Image(string alt, string url)
    {
        ChatTranslationMarkdown.WriteImage(_scratch, alt, url);
        _output.ContentBlock(_scratch.WrittenSpan);
    }

    /// <summary>The video as the answer's content, rendered per <see cref="ChatAnswerOptions.VideoFormat"/>.</summary>
    /// <param name="url">The video's URL.</param>
    /// <param name="posterUrl">The thumbnail's URL, or null.</param>
    public override void Video(string url, string? posterUrl) =>
        _output.Content(System.Text.Encoding.UTF8.GetBytes(Videos.VideoRendering.Render(_options.VideoFormat, url, posterUrl)));

    /// <summary>
    /// A call of one of the client's tools, with a fresh <c>call_…</c> id: kept for the completion
    /// object, or (stream) written at once after the text before it, as the deltas the OpenAI SDKs assemble.
    /// </summary>
    /// <param name="index">The call's position among the answer's calls.</param>
    /// <param name="call">The call (its id is ignored).</param>
    public override void ToolCall(int index, ToolCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        ObjectDisposedException.ThrowIf(_finished, this);
        var made = call with { Id = NewCallId() };
        _calls.Add(made);
        if (!_options.Stream)
        {
            return;
        }

        _output.CloseThink();
        _output.FlushPending();
        _output.EnsureRole();
        var fingerprint = _output.Fingerprint;
        _chunks.WriteToolCallStart(_target, fingerprint, index, made.Id, made.Name);
        var arguments = made.ArgumentsJson.AsSpan();
        do
        {
            var length = Math.Min(ArgumentsPieceChars, arguments.Length);
            if (length < arguments.Length && char.IsHighSurrogate(arguments[length - 1]))
            {
                length--;
            }

            _chunks.WriteToolCallArguments(_target, fingerprint, index, arguments[..length]);
            arguments = arguments[length..];
        }
        while (!arguments.IsEmpty);
    }

    /// <summary>The answer was cut on the gateway's side: the finish reason becomes <c>length</c> (token limit) or stays <c>stop</c> (stop sequence).</summary>
    /// <param name="stop">Why it stopped.</param>
    public override void Stopped(AnswerStop stop)
    {
        ArgumentNullException.ThrowIfNull(stop);
        _stop ??= stop;
    }

    /// <inheritdoc />
    public override void EndBatch() => _output.FlushPending();

    /// <summary>
    /// Stream: any held-back text, the closing <c>&lt;/think&gt;</c> if open, the finish chunk
    /// (<c>finish_reason</c> <c>stop</c>, <c>tool_calls</c> or <c>length</c>), the usage chunk when
    /// <c>include_usage</c>, then <c>data: [DONE]</c>. Non-stream: the whole <c>chat.completion</c> object, with usage.
    /// </summary>
    public override void Complete()
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        _finished = true;
        _output.CloseThink();
        _output.EnsureRole();
        _output.FlushPending();
        var fingerprint = _output.Fingerprint;
        if (!_options.Stream)
        {
            ChatCompletionWriter.Write(_target, _options, fingerprint, _output.ContentText, _output.ReasoningText, CountUsage(), _calls, FinishReason());
            return;
        }

        _chunks.WriteFinish(_target, fingerprint, FinishReason());
        if (_options.IncludeUsage)
        {
            _chunks.WriteUsage(_target, fingerprint, CountUsage());
        }

        ChatChunkWriter.WriteDone(_target);
    }

    /// <summary>Ends a stream that failed after it began: held-back text is dropped, then one error event and <c>data: [DONE]</c>.</summary>
    /// <param name="failure">What failed.</param>
    /// <exception cref="InvalidOperationException">In non-stream mode, where the caller answers with an HTTP error instead.</exception>
    public override void Fail(UpstreamFailure failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        Fail(OpenAiFailure.From(failure, _options.Model).Error);
    }

    /// <summary>Ends a stream that failed after it began with <paramref name="error"/> as its error event.</summary>
    internal void Fail(OpenAiError error)
    {
        EnsureFailureCanBeStreamed(_finished);

        _finished = true;
        _output.DiscardPending();
        _chunks.WriteError(_target, error);
        ChatChunkWriter.WriteDone(_target);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _finished = true;
            _chunks.Dispose();
            _output.Dispose();
            _scratch.Dispose();
        }
    }

    private ChatUsage CountUsage()
    {
        var prompt = _options.PromptTokens ?? ChatTokenCounter.CountPrompt(_options.Prompt);
        var reasoning = ChatTokenCounter.Count(_output.ReasoningText);
        var content = ChatTokenCounter.CountAnswer(_output.ContentText);
        foreach (var call in _calls)
        {
            content += ChatTokenCounter.Count(call.ArgumentsJson);
        }

        var completion = _options.Reasoning == ReasoningMode.ReasoningContent ? content + reasoning : content;
        return new ChatUsage(prompt, completion, reasoning);
    }

    private ReadOnlySpan<byte> FinishReason() =>
        _stop?.Reason == AnswerStopReason.MaxTokens ? "length"u8
        : _calls.Count > 0 ? "tool_calls"u8
        : "stop"u8;

    private static string NewCallId() => "call_" + RandomNumberGenerator.GetString(CallIdAlphabet, CallIdLength);
}
