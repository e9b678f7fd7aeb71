using Grok2Api.Transforms.OpenAi.Videos;

namespace Grok2Api.Proxy.Video;

/// <summary>One job as the API answers it, from this instance's memory or from the store.</summary>
/// <param name="View">The OpenAI video object.</param>
/// <param name="VideoUrl">The public URL of the cached video, once completed.</param>
/// <param name="PosterUrl">The public URL of the cached thumbnail, once completed (when there is one).</param>
/// <param name="Local">Whether this instance runs (or ran) the job, so its media are in this instance's cache.</param>
internal sealed record VideoJobEntry(VideoJobView View, string? VideoUrl, string? PosterUrl, bool Local);
