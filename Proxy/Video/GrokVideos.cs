namespace Grok2Api.Proxy.Video;

/// <summary>Makes the <see cref="GrokVideoExchange"/> of a video request, and holds the <c>video.concurrent</c> limit every video request shares (chat and jobs). Thread-safe.</summary>
internal sealed class GrokVideos(
    GrokMediaClients clients,
    IOptionsMonitor<UpstreamSection> upstream,
    IOptionsMonitor<VideoSection> video,
    ILogger<GrokVideoExchange> logger)
{
    /// <summary>At most <c>video.concurrent</c> generations at once (read live).</summary>
    public ConcurrencyLimit Slots { get; } = new(() => video.CurrentValue.Concurrent);

    /// <summary>The current <c>[video]</c> settings.</summary>
    public VideoSection Settings => video.CurrentValue;

    /// <summary>The time limits of one attempt: <c>video.timeout</c> to start, <c>video.stream_timeout</c> of silence.</summary>
    public AttemptTimeouts Timeouts => AttemptTimeouts.Of(video.CurrentValue);

    /// <summary>The exchange of one video request.</summary>
    /// <param name="call">The request.</param>
    public IUpstreamExchange Exchange(VideoCall call) =>
        new GrokVideoExchange(call, clients, upstream.CurrentValue, video.CurrentValue, logger);

    /// <summary>
    /// The pipeline plan of one video request: its exchange and <see cref="Timeouts"/>, answered through
    /// <paramref name="surface"/>, preferring ssoSuper when the settings ask for 720p or more than 6 s,
    /// and accounts tagged <c>nsfw</c> for the <c>spicy</c> preset.
    /// </summary>
    /// <param name="model">The video model.</param>
    /// <param name="call">The request.</param>
    /// <param name="surface">The client protocol of the answer (chat, or the job record).</param>
    public UpstreamPlan Plan(ModelInfo model, VideoCall call, IClientSurface surface) =>
        new(
            model.Id,
            ModelTokenRequest.For(model, call.Settings.IsNsfw, call.Settings.PrefersSuper ? TokenPoolPreference.PreferSuper : TokenPoolPreference.Default),
            Exchange(call),
            surface,
            Timeouts);
}
