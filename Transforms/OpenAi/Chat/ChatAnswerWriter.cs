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
/// </remarks>
public sealed class ChatAnswerWriter : AnswerWriter
{
    private readonly ChatAnswerOptions _options;
    private readonly IBufferWriter<byte> _target;
    private readonly ChatChunkWriter _chunks;
    private readonly ChatTranslationOutput _output;
    private readonly PooledBuffer _scratch = new(256);
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

    /// <inheritdoc />
    public override void EndBatch() => _output.FlushPending();

    /// <summary>
    /// Stream: any held-back text, the closing <c>&lt;/think&gt;</c> if open, the finish chunk
    /// (<c>finish_reason "stop"</c>), the usage chunk when <c>include_usage</c>, then <c>data: [DONE]</c>.
    /// Non-stream: the whole <c>chat.completion</c> object, with usage.
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
            ChatCompletionWriter.Write(_target, _options, fingerprint, _output.ContentText, _output.ReasoningText, CountUsage());
            return;
        }

        _chunks.WriteFinish(_target, fingerprint);
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
        ObjectDisposedException.ThrowIf(_finished, this);
        if (!_options.Stream)
        {
            throw new InvalidOperationException("A non-stream answer fails with an HTTP error, not an event.");
        }

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
        var prompt = _options.PromptTokens ?? ChatTokenCounter.Count(_options.Prompt);
        var reasoning = ChatTokenCounter.Count(_output.ReasoningText);
        var content = ChatTokenCounter.Count(_output.ContentText);
        var completion = _options.Reasoning == ReasoningMode.ReasoningContent ? content + reasoning : content;
        return new ChatUsage(prompt, completion, reasoning);
    }
}
