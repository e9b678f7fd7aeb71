namespace Grok2Api.Simulator.Video;

/// <summary>One video request conversations/new accepted (docs/grok-protocol.md §12.2), and what it was answered.</summary>
/// <param name="Token">The calling account.</param>
/// <param name="Message">The <c>message</c> as sent, mode flag included.</param>
/// <param name="Prompt">The message without a trailing <c>--mode=…</c> flag.</param>
/// <param name="Mode">The value of the trailing <c> --mode=…</c> flag (e.g. <c>custom</c>), or null when there is none.</param>
/// <param name="ModelName">The <c>modelName</c> (the gateway sends <c>grok-3</c>).</param>
/// <param name="AspectRatio"><c>videoGenModelConfig.aspectRatio</c>.</param>
/// <param name="ParentPostId"><c>videoGenModelConfig.parentPostId</c>: a post media/post/create made.</param>
/// <param name="ResolutionName"><c>videoGenModelConfig.resolutionName</c>: <c>480p</c> or <c>720p</c>.</param>
/// <param name="VideoLength"><c>videoGenModelConfig.videoLength</c>: 6, 10 or 15.</param>
/// <param name="Outcome">The outcome the default stream carries.</param>
/// <param name="VideoId">The <c>videoId</c> of the default stream (the upscale call takes it).</param>
/// <param name="VideoPostId">The <c>videoPostId</c> of the default stream.</param>
/// <param name="VideoUrl">The finished video's asset path, or null when moderated or stalled.</param>
/// <param name="ThumbnailImageUrl">The thumbnail's asset path, or null when moderated or stalled.</param>
/// <param name="ReceivedAt">When it arrived.</param>
public sealed record VideoRequest(
    string Token,
    string Message,
    string Prompt,
    string? Mode,
    string ModelName,
    string AspectRatio,
    string ParentPostId,
    string ResolutionName,
    int VideoLength,
    VideoOutcome Outcome,
    string VideoId,
    string VideoPostId,
    string? VideoUrl,
    string? ThumbnailImageUrl,
    DateTimeOffset ReceivedAt);
