using Grok2Api.Simulator.Media;

namespace Grok2Api.Simulator.Video;

/// <summary>
/// Video requests received (oldest first) and the outcomes queued for the next ones; a request without a
/// queued outcome gets <see cref="VideoOutcome.Completed"/>. Thread-safe.
/// </summary>
public sealed class VideoRegistry : MediaLog<VideoRequest, VideoOutcome>
{
    /// <summary>A snapshot of every video request accepted, oldest first.</summary>
    public IReadOnlyList<VideoRequest> Received => Items;

    /// <summary>The requests of one account, oldest first.</summary>
    public IReadOnlyList<VideoRequest> ForToken(string token) => [.. Items.Where(r => r.Token == token)];

    /// <summary>The request whose default stream carried <paramref name="videoId"/>, or null.</summary>
    public VideoRequest? FindByVideoId(string videoId) => Items.FirstOrDefault(r => r.VideoId == videoId);
}
