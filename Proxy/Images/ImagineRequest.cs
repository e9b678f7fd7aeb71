using Grok2Api.Transforms.Grok.Imagine;

namespace Grok2Api.Proxy.Images;

/// <summary>One image generation, with the <c>[image]</c> settings taken when the request arrived.</summary>
/// <param name="Prompt">The prompt.</param>
/// <param name="Options">Count, aspect ratio, format, stream.</param>
/// <param name="Nsfw"><c>image.nsfw</c>: the <c>enable_nsfw</c> flag sent.</param>
/// <param name="Thresholds"><c>image.medium_min_bytes</c> and <c>image.final_min_bytes</c>.</param>
/// <param name="Overall"><c>image.timeout</c>: the whole generation.</param>
/// <param name="Silence"><c>image.stream_timeout</c>: the longest silence of a session.</param>
/// <param name="FinalWait"><c>image.final_timeout</c>: how long a final may take after a medium image.</param>
/// <param name="Progress">What is shown of unfinished images.</param>
internal sealed record ImagineRequest(
    string Prompt,
    ImageRequestOptions Options,
    bool Nsfw,
    ImagineStageThresholds Thresholds,
    TimeSpan Overall,
    TimeSpan Silence,
    TimeSpan FinalWait,
    ImagineProgress Progress);
