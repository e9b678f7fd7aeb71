namespace Grok2Api.Transforms.Conversations;

/// <summary>
/// Receives the neutral output of one answer, in order, and writes it in one client protocol (an
/// OpenAI chat completion, and later the Responses API or Anthropic Messages). A decoder of the
/// upstream's answer calls it; the attempt pipeline flushes what it wrote. One instance per attempt;
/// not thread-safe.
/// </summary>
/// <remarks>
/// The order of calls: any number of <see cref="ModelVersion"/>, <see cref="Begin"/> once the first
/// visible output is known, then text, reasoning and images, each batch closed by
/// <see cref="EndBatch"/>; at last either <see cref="Complete"/> or <see cref="Fail"/>, once.
/// </remarks>
public abstract class AnswerWriter : IDisposable
{
    /// <summary>Whether the client gets the answer as it comes (an event stream) rather than whole at the end.</summary>
    public abstract bool Streams { get; }

    /// <summary>
    /// The version of the model that answers (the upstream's model hash); the first one counts.
    /// Ignored by default: only protocols that carry it override this.
    /// </summary>
    /// <param name="version">The version.</param>
    public virtual void ModelVersion(string version)
    {
    }

    /// <summary>The answer has visible output: a streaming writer opens its stream. Nothing by default.</summary>
    public virtual void Begin()
    {
    }

    /// <summary>
    /// Reasoning (thinking) text, UTF-8, cut at character boundaries. Ignored by default: only
    /// protocols with a reasoning channel override this.
    /// </summary>
    /// <param name="utf8">The text.</param>
    public virtual void Reasoning(ReadOnlySpan<byte> utf8)
    {
    }

    /// <summary>
    /// A progress note (such as image generation progress) for the reasoning channel, on a line of its
    /// own; ends with a newline. Ignored by default, as <see cref="Reasoning"/> is.
    /// </summary>
    /// <param name="utf8">The line.</param>
    public virtual void ReasoningNote(ReadOnlySpan<byte> utf8)
    {
    }

    /// <summary>Answer text, UTF-8, cut at character boundaries.</summary>
    /// <param name="utf8">The text.</param>
    public abstract void Text(ReadOnlySpan<byte> utf8);

    /// <summary>An image of the answer (generated, or found by a search), shown on a line of its own.</summary>
    /// <param name="alt">Its alternative text.</param>
    /// <param name="url">A URL the client can open.</param>
    public abstract void Image(string alt, string url);

    /// <summary>
    /// Progress of a video generation (percent): by default a reasoning note
    /// (<c>Generating video: 25%</c>), so protocols that show reasoning show it; a job writer records it instead.
    /// </summary>
    /// <param name="percent">Percent done, 0–100.</param>
    public virtual void VideoProgress(int percent)
    {
        Span<byte> text = stackalloc byte[40];
        "Generating video: "u8.CopyTo(text);
        var length = 18;
        System.Buffers.Text.Utf8Formatter.TryFormat(Math.Clamp(percent, 0, 100), text[length..], out var written);
        length += written;
        "%\n"u8.CopyTo(text[length..]);
        ReasoningNote(text[..(length + 2)]);
    }

    /// <summary>
    /// A finished video of the answer, shown on its own. By default the URL as answer text; a chat
    /// writer renders it per its format (HTML with the poster, the URL, or markdown).
    /// </summary>
    /// <param name="url">A URL the client can open.</param>
    /// <param name="posterUrl">The URL of its thumbnail, or null.</param>
    public virtual void Video(string url, string? posterUrl)
    {
        ArgumentNullException.ThrowIfNull(url);
        Text(System.Text.Encoding.UTF8.GetBytes(url));
    }

    /// <summary>
    /// A call of one of the client's tools, parsed out of the answer by <see cref="ToolCallFilter"/>;
    /// calls come in order and after any text before them. Only writers of protocols with tools
    /// override this; the others never receive a call (the filter is installed only when the request
    /// offers tools).
    /// </summary>
    /// <param name="index">The call's position among the answer's calls, from 0.</param>
    /// <param name="call">The call; its <see cref="Conversations.ToolCall.Id"/> is empty: the writer makes the protocol's id.</param>
    /// <exception cref="NotSupportedException">The protocol has no tools.</exception>
    public virtual void ToolCall(int index, ToolCall call) =>
        throw new NotSupportedException("This answer's protocol has no tool calls.");

    /// <summary>
    /// The answer was cut short on the gateway's side before the upstream finished (the client's
    /// token limit, or one of its stop sequences): called at most once, before <see cref="Complete"/>.
    /// Writers whose protocol reports why an answer ended override this; ignored by default.
    /// </summary>
    /// <param name="stop">Why it stopped.</param>
    public virtual void Stopped(AnswerStop stop)
    {
    }

    /// <summary>
    /// Whether the writer has put anything into the response: a filter that holds output back (a
    /// tool-call block not yet complete) says false, so a failure until then can still move to another
    /// attempt. True by default.
    /// </summary>
    public virtual bool HasOutput => true;

    /// <summary>
    /// A failure the writer found in the answer itself (a broken tool-call block), or null. The
    /// pipeline treats a completed answer with a rejection as a failed attempt.
    /// </summary>
    public virtual UpstreamFailure? Rejection => null;

    /// <summary>The end of one upstream batch: a streaming writer writes what it holds as one event. Nothing by default.</summary>
    public virtual void EndBatch()
    {
    }

    /// <summary>The answer is complete: the writer ends it (the rest of a stream, or the whole answer).</summary>
    public abstract void Complete();

    /// <summary>
    /// The answer failed after the client started to receive it: the writer ends the stream with an
    /// error in its own shape. A writer that does not stream answers a failure with an HTTP error
    /// instead, so this is only called when <see cref="Streams"/> is true.
    /// </summary>
    /// <param name="failure">What failed.</param>
    public abstract void Fail(UpstreamFailure failure);

    /// <summary>
    /// The check every <see cref="Fail"/> makes first: the answer has not ended yet, and it streams (a
    /// non-stream answer fails with an HTTP error, never with an event).
    /// </summary>
    /// <param name="finished">Whether the writer has already ended the answer.</param>
    /// <exception cref="ObjectDisposedException">The answer has already ended.</exception>
    /// <exception cref="InvalidOperationException">The answer does not stream.</exception>
    protected void EnsureFailureCanBeStreamed(bool finished)
    {
        ObjectDisposedException.ThrowIf(finished, this);
        if (!Streams)
        {
            throw new InvalidOperationException("A non-stream answer fails with an HTTP error, not an event.");
        }
    }

    /// <summary>
    /// An image an image model produced (a partial stage, or the finished image). The default shows
    /// a finished image as an <see cref="Image"/> (its URL, or a <c>data:</c> URI) and a partial one as
    /// a progress note; writers of image protocols override it.
    /// </summary>
    /// <param name="image">The image; a writer may keep it until the answer is complete.</param>
    public virtual void GeneratedImage(GeneratedImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.IsFinal)
        {
            Image(image.Id, image.ToLink());
            return;
        }

        var note = $"image {image.Index + 1}: {(image.Stage == GeneratedImageStage.Preview ? "preview" : "medium")} received\n";
        ReasoningNote(System.Text.Encoding.UTF8.GetBytes(note));
    }

    /// <summary>
    /// Part of the images asked for could not be produced (the others were delivered): called once,
    /// before <see cref="Complete"/>. The default says so in the answer text, on a line of its own.
    /// </summary>
    /// <param name="count">How many images are missing.</param>
    /// <param name="reason">Why, for people; no secrets.</param>
    public virtual void ImagesMissing(int count, string reason)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var line = $"\n\n{count} {(count == 1 ? "image" : "images")} could not be generated: {reason}\n";
        Text(System.Text.Encoding.UTF8.GetBytes(line));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Frees pooled buffers.</summary>
    /// <param name="disposing">True from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
    }
}
