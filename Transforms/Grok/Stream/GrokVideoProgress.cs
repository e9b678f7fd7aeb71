namespace Grok2Api.Transforms.Grok.Stream;

/// <summary><c>streamingVideoGenerationResponse</c> (docs/grok-protocol.md §12.3); every field may be absent.</summary>
/// <param name="Progress">Percent done.</param>
/// <param name="VideoId">The video id.</param>
/// <param name="VideoPostId">The media post id.</param>
/// <param name="AssetId">The asset id.</param>
/// <param name="VideoUrl">The video URL or asset path.</param>
/// <param name="ThumbnailImageUrl">The thumbnail URL or asset path.</param>
/// <param name="Moderated">True when withheld by moderation.</param>
/// <param name="ResolutionName">E.g. <c>480p</c>.</param>
public sealed record GrokVideoProgress(
    int? Progress,
    string? VideoId,
    string? VideoPostId,
    string? AssetId,
    string? VideoUrl,
    string? ThumbnailImageUrl,
    bool Moderated,
    string? ResolutionName);
