namespace Grok2Api.Simulator.ImageEdit;

/// <summary>One image-edit request conversations/new accepted (docs/grok-protocol.md §13), and what it was answered.</summary>
/// <param name="Token">The calling account.</param>
/// <param name="Prompt">The <c>message</c>.</param>
/// <param name="ImageReferences"><c>imageEditModelConfig.imageReferences</c>: absolute URLs of known assets.</param>
/// <param name="ParentPostId"><c>imageEditModelConfig.parentPostId</c>, when sent (it need not name a post).</param>
/// <param name="ImageEditModel"><c>modelMap.imageEditModel</c>, when sent (the gateway sends <c>imagine</c>).</param>
/// <param name="Outcome">The outcome the default stream carries.</param>
/// <param name="GeneratedImageUrls">The asset paths the default stream's <c>modelResponse.generatedImageUrls</c> lists.</param>
/// <param name="ReceivedAt">When it arrived.</param>
public sealed record ImageEditRequest(
    string Token,
    string Prompt,
    IReadOnlyList<string> ImageReferences,
    string? ParentPostId,
    string? ImageEditModel,
    ImageEditOutcome Outcome,
    IReadOnlyList<string> GeneratedImageUrls,
    DateTimeOffset ReceivedAt);
