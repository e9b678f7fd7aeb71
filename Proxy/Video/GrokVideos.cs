using Grok2Api.Configuration;
using Grok2Api.Proxy.Attachments;
using Grok2Api.Proxy.Media;
using Grok2Api.Proxy.Pipeline;
using Grok2Api.Proxy.Upstream;
using Microsoft.Extensions.Options;

namespace Grok2Api.Proxy.Video;

/// <summary>Makes the <see cref="GrokVideoExchange"/> of a video request, and holds the <c>video.concurrent</c> limit every video request shares (chat and jobs). Thread-safe.</summary>
internal sealed class GrokVideos(
    IGrokRestClient rest,
    IGrokFileUploader uploader,
    GrokMediaPosts posts,
    IMediaCache media,
    IOptionsMonitor<UpstreamSection> upstream,
    IOptionsMonitor<VideoSection> video,
    ILogger<GrokVideoExchange> logger)
{
    /// <summary>At most <c>video.concurrent</c> generations at once (read live).</summary>
    public ConcurrencyLimit Slots { get; } = new(() => video.CurrentValue.Concurrent);

    /// <summary>The current <c>[video]</c> settings.</summary>
    public VideoSection Settings => video.CurrentValue;

    /// <summary>The time limits of one attempt: <c>video.timeout</c> to start, <c>video.stream_timeout</c> of silence.</summary>
    public AttemptTimeouts Timeouts
    {
        get
        {
            var settings = video.CurrentValue;
            return new AttemptTimeouts(TimeSpan.FromSeconds(settings.Timeout), TimeSpan.FromSeconds(settings.StreamTimeout));
        }
    }

    /// <summary>The exchange of one video request.</summary>
    /// <param name="call">The request.</param>
    public IUpstreamExchange Exchange(VideoCall call) =>
        new GrokVideoExchange(call, rest, uploader, posts, media, upstream.CurrentValue, video.CurrentValue, logger);
}
