using System.Buffers;
using System.Buffers.Text;
using System.Text;
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

    private void Apply(GrokLine line, IBufferWriter<byte> output)
    {
        _output.Fingerprint ??= line.ModelHash;
        _output.Begin(output, line.HasVisibleOutput);
        var parts = line.Parts;
        if ((parts & GrokLineParts.ThinkingToken) != 0)
        {
            WriteReasoning(line.Token);
        }

        if ((parts & GrokLineParts.Token) != 0)
        {
            WriteContent(line.Token);
        }

        if ((parts & GrokLineParts.ImageProgress) != 0)
        {
            ApplyImageProgress(line.ImageProgress!);
        }

        if ((parts & GrokLineParts.Card) != 0 && _cards.OnStreamed(line.Card!) is { } card)
        {
            ShowCard(card);
        }

        if ((parts & GrokLineParts.ModelResponse) != 0)
        {
            ApplyModelResponse(line.ModelResponse!);
        }

        _output.End();
    }

    private void WriteContent(ReadOnlySpan<byte> utf8)
    {
        _contentSeen = true;
        ShowFinishedImages();
        if (_inReasoning)
        {
            // Thinking is over: what its filter still holds belongs before the answer.
            _inReasoning = false;
            _reasoningFilter.Flush();
        }

        _contentFilter.Write(utf8);
    }

    private void WriteReasoning(ReadOnlySpan<byte> utf8)
    {
        if (_options.Reasoning == ReasoningMode.Hidden)
        {
            return;
        }

        _inReasoning = true;
        _reasoningFilter.Write(utf8);
    }

    private void ApplyImageProgress(GrokImageProgress progress)
    {
        if (_options.Reasoning != ReasoningMode.Hidden)
        {
            Span<byte> text = stackalloc byte[64];
            "Generating image "u8.CopyTo(text);
            var length = 17;
            Utf8Formatter.TryFormat(progress.ImageIndex + 1L, text[length..], out var written);
            length += written;
            ": "u8.CopyTo(text[length..]);
            length += 2;
            Utf8Formatter.TryFormat((long)progress.Progress, text[length..], out written);
            length += written;
            "%\n"u8.CopyTo(text[length..]);
            _output.ReasoningLine(text[..(length + 2)]);
        }

        if (progress is { IsFinal: true, Moderated: false, ImageUrl: { } url })
        {
            // Shown once the thinking is over (next answer text, the envelope or the end), so the
            // image does not split a <think> block in two.
            _finishedImages.Add(url);
        }
    }

    private void ApplyModelResponse(GrokModelResponse model)
    {
        _output.Fingerprint ??= model.ModelHash;
        foreach (var envelopeCard in model.Cards)
        {
            if (_cards.OnEnvelope(envelopeCard) is { } card)
            {
                ShowCard(card);
            }
        }

        if (!_contentSeen && model.Message.Length > 0)
        {
            // Rare (no tokens came), so the copy may allocate; _scratch is busy with card markdown.
            WriteContent(Encoding.UTF8.GetBytes(model.Message));
        }

        // The envelope ends the answer's text: nothing held back can still become a tag.
        _reasoningFilter.Flush();
        _contentFilter.Flush();
        ShowFinishedImages();
        foreach (var url in model.GeneratedImageUrls)
        {
            ShowGeneratedImage(url);
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

    private sealed class ContentSink(ChatTranslator owner) : IChatTextSink
    {
        public void Text(ReadOnlySpan<byte> utf8) => owner._output.Content(utf8);

        public void CardMarker(string? cardId)
        {
            if (owner._cards.OnMarker(cardId) is { } card)
            {
                owner.ShowCard(card);
            }
        }
    }

    private sealed class ReasoningSink(ChatTranslator owner) : IChatTextSink
    {
        public void Text(ReadOnlySpan<byte> utf8) => owner._output.Reasoning(utf8);

        // A card marker inside thinking is removed; the card stays for the answer.
        public void CardMarker(string? cardId)
        {
        }
    }
}
