using Grok2Api.Transforms.Grok.Stream;

namespace Grok2Api.Transforms.Grok.Chat;

/// <summary>
/// Decodes the parsed lines of one upstream chat answer into neutral output for an
/// <see cref="AnswerWriter"/>: answer and thinking text with the configured tags filtered out, image
/// generation progress, generated images (linked through the host's media cache), search-result
/// cards in the place their markers stood, and the model's version (docs/grok-protocol.md §4).
/// One instance per attempt; not thread-safe.
/// </summary>
/// <remarks>
/// <para>Call <see cref="ApplyAsync"/> for each line in order, awaiting each before parsing the next
/// line (the line object is the parser's and is reused), then <see cref="Complete"/> once. A line that
/// carries nothing visible produces no output, so the lines before the answer begins cost nothing.
/// Lines with an error are ignored here: the caller decides between another account and a failure.</para>
/// <para>The same decoding serves a streamed and a whole answer, so a whole answer's text is exactly
/// the concatenation of what a stream would have sent for the same lines.</para>
/// </remarks>
public sealed partial class GrokAnswerDecoder : IDisposable
{
    private readonly AnswerWriter _writer;
    private readonly IMediaLinker _linker;
    private readonly GrokTagFilter _contentFilter;
    private readonly GrokTagFilter _reasoningFilter;
    private readonly GrokCardBook _cards;
    private bool _contentSeen;
    private bool _inReasoning;
    private bool _finished;

    /// <summary>Creates the decoder of one answer.</summary>
    /// <param name="writer">Receives the output.</param>
    /// <param name="linker">Links generated images through the host's media cache.</param>
    /// <param name="filterTags"><c>app.filter_tags</c>: names of elements removed from the text; <c>grok:render</c> card markers are handled whether listed or not.</param>
    public GrokAnswerDecoder(AnswerWriter writer, IMediaLinker linker, IReadOnlyList<string> filterTags)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(linker);
        ArgumentNullException.ThrowIfNull(filterTags);
        _writer = writer;
        _linker = linker;
        var names = GrokTagNames.For(filterTags);
        _contentFilter = new GrokTagFilter(names, new ContentSink(this));
        _reasoningFilter = new GrokTagFilter(names, new ReasoningSink(this));
        _cards = new GrokCardBook(CanRender);
    }

    /// <summary>
    /// Decodes one line into the writer. Completes synchronously unless a generated image must be
    /// linked through the media linker first.
    /// </summary>
    /// <param name="line">The parsed line.</param>
    /// <param name="cancellationToken">Cancels image linking.</param>
    public ValueTask ApplyAsync(GrokLine line, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(line);
        ObjectDisposedException.ThrowIf(_finished, this);
        if ((line.Parts & GrokLineParts.Error) != 0)
        {
            return default;
        }

        var links = ImagesToLink(line);
        if (links is not null)
        {
            return LinkThenApplyAsync(links, line, cancellationToken);
        }

        Apply(line);
        return default;
    }

    /// <summary>
    /// Ends the answer: text still held back by a filter, finished images not shown yet and streamed
    /// cards that no marker placed go out, then the writer completes.
    /// </summary>
    public void Complete()
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        _finished = true;
        _reasoningFilter.Flush();
        _contentFilter.Flush();
        ShowFinishedImages();
        foreach (var card in _cards.TakeUnreferenced())
        {
            ShowCard(card);
        }

        _writer.Complete();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _finished = true;
        _contentFilter.Dispose();
        _reasoningFilter.Dispose();
    }
}
