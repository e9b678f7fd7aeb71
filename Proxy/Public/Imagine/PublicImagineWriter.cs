using System.IO.Pipelines;

namespace Grok2Api.Proxy.Public.Imagine;

/// <summary>
/// The writer of one Imagine round: every image payload (preview, medium, final) becomes one
/// <c>image</c> event line, tagged with the round's id. A failure writes nothing: the loop reports the
/// round's outcome as an <c>error</c> event. One per attempt; not thread-safe.
/// </summary>
internal sealed class PublicImagineWriter(PipeWriter output, string runId) : AnswerWriter
{
    public override bool Streams => true;

    public override void Text(ReadOnlySpan<byte> utf8)
    {
    }

    public override void Image(string alt, string url)
    {
    }

    public override void GeneratedImage(GeneratedImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (!image.Base64.IsEmpty)
        {
            PublicImagineEvents.Image(output, runId, image);
        }
    }

    public override void ImagesMissing(int count, string reason)
    {
    }

    public override void Complete()
    {
    }

    public override void Fail(UpstreamFailure failure)
    {
    }
}
