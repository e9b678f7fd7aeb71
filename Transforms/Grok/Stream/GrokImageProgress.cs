namespace Grok2Api.Transforms.Grok.Stream;

/// <summary><c>streamingImageGenerationResponse</c>: progress of an image generated inside a chat (docs/grok-protocol.md §4.6).</summary>
/// <param name="ImageIndex">The 0-based image index.</param>
/// <param name="Progress">Percent done.</param>
/// <param name="ImageUrl">A relative asset path (intermediate ones end in <c>-part-N</c>); null when absent.</param>
/// <param name="IsFinal">True when <see cref="ImageUrl"/> is the finished image.</param>
/// <param name="Moderated">True when the image was withheld by moderation.</param>
public sealed record GrokImageProgress(int ImageIndex, int Progress, string? ImageUrl, bool IsFinal, bool Moderated);
