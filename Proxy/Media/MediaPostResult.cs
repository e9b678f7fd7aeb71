namespace Grok2Api.Proxy.Media;

/// <summary>The outcome of creating a media post: its id, or the failure to hand to the pipeline.</summary>
/// <param name="PostId">The post id, on success.</param>
/// <param name="Failure">What failed, otherwise.</param>
internal sealed record MediaPostResult(string? PostId, UpstreamFailure? Failure);
