namespace Grok2Api.Transforms.Grok.ImageEdit;

/// <summary>An intermediate rendering of an edited image that a stream shows as a partial image (<see cref="GrokImageEditTurn.PartialOf"/>).</summary>
/// <param name="ImageIndex">The image's index in its call (the upstream's <c>imageIndex</c>).</param>
/// <param name="Path">The rendering's asset path or URL, to fetch with the account's cookie.</param>
/// <param name="Stage">Which partial it is: <see cref="GeneratedImageStage.Preview"/> first, then <see cref="GeneratedImageStage.Medium"/>.</param>
public sealed record GrokImageEditPartial(int ImageIndex, string Path, GeneratedImageStage Stage);
