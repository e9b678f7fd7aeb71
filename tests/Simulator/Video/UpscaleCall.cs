namespace Grok2Api.Simulator.Video;

/// <summary>One well-formed call of <c>media/video/upscale</c> and what it was answered.</summary>
/// <param name="Token">The calling account.</param>
/// <param name="VideoId">The <c>videoId</c> sent.</param>
/// <param name="IsKnownVideo">True when a video stream of this simulator carried that id (see <see cref="VideoRegistry.FindByVideoId"/>).</param>
/// <param name="Outcome">How it was answered.</param>
/// <param name="HdMediaUrl">The <c>hdMediaUrl</c> answered, or null.</param>
/// <param name="CalledAt">When it arrived.</param>
public sealed record UpscaleCall(string Token, string VideoId, bool IsKnownVideo, UpscaleOutcome Outcome, string? HdMediaUrl, DateTimeOffset CalledAt);
