namespace Grok2Api.Transforms.Conversations;

/// <summary>
/// A writer that passes everything to another writer: the base of filters that sit between the
/// upstream decoder and a protocol's writer (<see cref="ToolCallFilter"/>, and a limit on the text).
/// A filter overrides what it changes. Disposing it disposes the inner writer.
/// </summary>
/// <param name="inner">The writer that receives what passes.</param>
public abstract class ForwardingAnswerWriter(AnswerWriter inner) : AnswerWriter
{
    /// <summary>The writer that receives what passes.</summary>
    protected AnswerWriter Inner { get; } = inner ?? throw new ArgumentNullException(nameof(inner));

    /// <inheritdoc />
    public override bool Streams => Inner.Streams;

    /// <inheritdoc />
    public override bool HasOutput => Inner.HasOutput;

    /// <inheritdoc />
    public override UpstreamFailure? Rejection => Inner.Rejection;

    /// <inheritdoc />
    public override void ModelVersion(string version) => Inner.ModelVersion(version);

    /// <inheritdoc />
    public override void Begin() => Inner.Begin();

    /// <inheritdoc />
    public override void Reasoning(ReadOnlySpan<byte> utf8) => Inner.Reasoning(utf8);

    /// <inheritdoc />
    public override void ReasoningNote(ReadOnlySpan<byte> utf8) => Inner.ReasoningNote(utf8);

    /// <inheritdoc />
    public override void Text(ReadOnlySpan<byte> utf8) => Inner.Text(utf8);

    /// <inheritdoc />
    public override void Image(string alt, string url)
    {
        if (BeforeMedia())
        {
            Inner.Image(alt, url);
        }
    }

    /// <inheritdoc />
    public override void VideoProgress(int percent) => Inner.VideoProgress(percent);

    /// <inheritdoc />
    public override void Video(string url, string? posterUrl)
    {
        if (BeforeMedia())
        {
            Inner.Video(url, posterUrl);
        }
    }

    /// <inheritdoc />
    public override void GeneratedImage(GeneratedImage image)
    {
        if (BeforeMedia())
        {
            Inner.GeneratedImage(image);
        }
    }

    /// <inheritdoc />
    public override void ImagesMissing(int count, string reason)
    {
        if (BeforeMedia())
        {
            Inner.ImagesMissing(count, reason);
        }
    }

    /// <inheritdoc />
    public override void ToolCall(int index, ToolCall call) => Inner.ToolCall(index, call);

    /// <inheritdoc />
    public override void Stopped(AnswerStop stop) => Inner.Stopped(stop);

    /// <inheritdoc />
    public override void EndBatch() => Inner.EndBatch();

    /// <inheritdoc />
    public override void Complete() => Inner.Complete();

    /// <inheritdoc />
    public override void Fail(UpstreamFailure failure) => Inner.Fail(failure);

    /// <summary>
    /// Called before media (<see cref="Image"/>, <see cref="Video"/>, <see cref="GeneratedImage"/>,
    /// <see cref="ImagesMissing"/>) passes on. A filter that holds text back releases it here, so the
    /// media keeps its place in the text. The default passes everything.
    /// </summary>
    /// <returns>Whether the media passes on; false swallows it.</returns>
    protected virtual bool BeforeMedia() => true;

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Inner.Dispose();
        }
    }
}
