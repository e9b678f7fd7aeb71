using System.Buffers;
using System.Buffers.Text;
using System.Text;
using Grok2Api.Transforms.Buffers;
using Grok2Api.Transforms.Grok.Stream;

namespace Grok2Api.Transforms.OpenAi.Chat;

/// <summary>
/// Translates the parsed upstream chat lines of one response into the OpenAI chat completion: SSE
/// <c>chat.completion.chunk</c> events (stream) or one <c>chat.completion</c> object (non-stream), with
/// reasoning, filter tags, cards, generated images and usage (upstream-protocol.md §2.5–2.7; the fixes
/// of original-behavior.md "do better" item 10). One instance per response; not thread-safe; dispose it.
/// </summary>
/// <remarks>
/// <para>Both modes run the same state machine, so a non-stream <c>content</c> is exactly the
/// concatenation of the content deltas the stream would have sent for the same lines.</para>
/// <para>Call <see cref="ApplyAsync"/> for each line in order, awaiting each before parsing the next
/// line (the line object is the parser's and is reused), then either <see cref="Complete"/> or (stream
/// only) <see cref="Fail"/>, once. A line that carries nothing visible writes nothing, so the lines
/// before the commit point cost nothing; a line with visible output opens the stream with the role
/// chunk. Lines with an error are ignored here: the caller decides between a retry and <see cref="Fail"/>.</para>
/// </remarks>
public sealed partial class ChatTranslator : IDisposable
{
    private readonly ChatTranslationOptions _options;
    private readonly IChatMediaLinker _linker;
    private readonly ChatChunkWriter _chunks;
    private readonly ChatTranslationOutput _output;
    private readonly ChatTagFilter _contentFilter;
    private readonly ChatTagFilter _reasoningFilter;
    private readonly ChatCardBook _cards;
    private readonly PooledBuffer _scratch = new(256);
    private bool _contentSeen;
    private bool _inReasoning;
    private bool _finished;

    /// <summary>Creates the translator of one response.</summary>
    /// <param name="options">The request's settings.</param>
    /// <param name="linker">Links generated images through the host's media cache.</param>
    public ChatTranslator(ChatTranslationOptions options, IChatMediaLinker linker)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(linker);
        _options = options;
        _linker = linker;
        _chunks = new ChatChunkWriter(options);
        _output = new ChatTranslationOutput(options, _chunks);
        var names = ChatTagFilter.CompileNames(options.FilterTags);
        _contentFilter = new ChatTagFilter(names, new ContentSink(this));
        _reasoningFilter = new ChatTagFilter(names, new ReasoningSink(this));
        _cards = new ChatCardBook(CanRender);
    }

    /// <summary>The <c>system_fingerprint</c> sent: the first model hash seen, or null before one.</summary>
    public string? SystemFingerprint => _output.Fingerprint;

    /// <summary>
    /// Translates one line. Stream mode writes zero or more SSE events into <paramref name="output"/>;
    /// non-stream mode writes nothing until <see cref="Complete"/>. Completes synchronously unless a
    /// generated image must be linked through the media linker.
    /// </summary>
    /// <param name="line">The parsed line.</param>
    /// <param name="output">The response body writer.</param>
    /// <param name="cancellationToken">Cancels image linking.</param>
    public ValueTask ApplyAsync(GrokLine line, IBufferWriter<byte> output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(output);
        ObjectDisposedException.ThrowIf(_finished, this);
        if ((line.Parts & GrokLineParts.Error) != 0)
        {
            return default;
        }

        var links = ImagesToLink(line);
        if (links is not null)
        {
            return LinkThenApplyAsync(links, line, output, cancellationToken);
        }

        Apply(line, output);
        return default;
    }

    /// <summary>
    /// Ends the answer. Stream: any held-back text, the closing <c>&lt;/think&gt;</c> if open, the finish chunk
    /// (<c>finish_reason "stop"</c>), the usage chunk when <c>include_usage</c>, then <c>data: [DONE]</c>.
    /// Non-stream: the whole <c>chat.completion</c> object, with usage.
    /// </summary>
    /// <param name="output">The response body writer.</param>
    public void Complete(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        ObjectDisposedException.ThrowIf(_finished, this);
        _finished = true;
        _output.Begin(output, visible: false);
        _reasoningFilter.Flush();
        _contentFilter.Flush();
        ShowFinishedImages();
        foreach (var card in _cards.TakeUnreferenced())
        {
            ShowCard(card);
        }

        _output.CloseThink();
        _output.EnsureRole();
        _output.End();
        var fingerprint = _output.Fingerprint;
        if (!_options.Stream)
        {
            ChatCompletionWriter.Write(output, _options, fingerprint, _output.ContentText, _output.ReasoningText, CountUsage());
            return;
        }

        _chunks.WriteFinish(output, fingerprint);
        if (_options.IncludeUsage)
        {
            _chunks.WriteUsage(output, fingerprint, CountUsage());
        }

        ChatChunkWriter.WriteDone(output);
    }

    /// <summary>
    /// Ends a stream that failed after it started: text still held back (a possible tag) is dropped, then
    /// one <c>data: {"error":{…}}</c> event and <c>data: [DONE]</c> are written (interfaces.md §5).
    /// </summary>
    /// <param name="error">The error to send.</param>
    /// <param name="output">The response body writer.</param>
    /// <exception cref="InvalidOperationException">In non-stream mode, where the caller answers with an HTTP error instead.</exception>
    public void Fail(OpenAiError error, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(output);
        ObjectDisposedException.ThrowIf(_finished, this);
        if (!_options.Stream)
        {
            throw new InvalidOperationException("A non-stream answer fails with an HTTP error, not an event.");
        }

        _finished = true;
        _output.DiscardPending();
        _contentFilter.Discard();
        _reasoningFilter.Discard();
        _chunks.WriteError(output, error);
        ChatChunkWriter.WriteDone(output);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _finished = true;
        _chunks.Dispose();
        _output.Dispose();
        _contentFilter.Dispose();
        _reasoningFilter.Dispose();
        _scratch.Dispose();
    }
}
