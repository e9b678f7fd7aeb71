namespace Grok2Api.Proxy.Video;

/// <summary>
/// The <see cref="AnswerWriter"/> of a job: nothing goes to a client; progress and the finished video
/// are recorded on the job. Never streams, so any failure before the end can still move to another account.
/// </summary>
internal sealed class VideoJobWriter(VideoJob job) : AnswerWriter
{
    public override bool Streams => false;

    public override void Text(ReadOnlySpan<byte> utf8)
    {
    }

    public override void Image(string alt, string url)
    {
    }

    public override void VideoProgress(int percent) => job.Progress(percent);

    public override void Video(string url, string? posterUrl) => job.Result(url, posterUrl);

    public override void Complete()
    {
    }

    public override void Fail(UpstreamFailure failure) =>
        throw new InvalidOperationException("A job's writer does not stream; its failures are recorded by the surface.");
}
