namespace Grok2Api.Transforms.Grok.Video;

/// <summary>The validated parameters of one video generation (docs/grok-protocol.md §12.2).</summary>
/// <param name="AspectRatio"><c>videoGenModelConfig.aspectRatio</c>: one of <see cref="GrokVideoParameters.AspectRatios"/>.</param>
/// <param name="VideoLength"><c>videoGenModelConfig.videoLength</c>: 6, 10 or 15 seconds.</param>
/// <param name="ResolutionName"><c>videoGenModelConfig.resolutionName</c>: <c>480p</c> or <c>720p</c>.</param>
/// <param name="Preset">The style preset: <c>fun</c>, <c>normal</c>, <c>spicy</c> or <c>custom</c>.</param>
public sealed record GrokVideoSettings(string AspectRatio, int VideoLength, string ResolutionName, string Preset)
{
    /// <summary>The defaults of the original project: 3:2, 6 s, 480p, custom.</summary>
    public static GrokVideoSettings Default { get; } = new("3:2", 6, GrokVideoParameters.Resolution480, "custom");

    /// <summary>
    /// Whether the ssoSuper pool is tried first: 720p, or longer than 6 s (the original's video
    /// routing); the ssoBasic pool stays the fallback.
    /// </summary>
    public bool PrefersSuper => ResolutionName == GrokVideoParameters.Resolution720 || VideoLength > 6;

    /// <summary>
    /// Whether the preset asks for NSFW output (<c>spicy</c>, sent as <c>--mode=extremely-spicy-or-crazy</c>):
    /// accounts with NSFW enabled are then tried first.
    /// </summary>
    public bool IsNsfw => Preset == "spicy";

    /// <summary>Whether a video made by an ssoBasic account is upscaled afterwards (720p asked for, docs/grok-protocol.md §12.4).</summary>
    public bool UpscaleOnBasic => ResolutionName == GrokVideoParameters.Resolution720;
}
