namespace Grok2Api.Transforms.Grok.Stream;

/// <summary>The final envelope <c>result.response.modelResponse</c> (docs/grok-protocol.md §4.4).</summary>
/// <param name="ResponseId"><c>modelResponse.responseId</c>; null when absent.</param>
/// <param name="Message">The complete final text; empty when absent.</param>
/// <param name="GeneratedImageUrls">
/// Every string under a key <c>generatedImageUrls</c>, <c>imageUrls</c> or <c>imageURLs</c> anywhere in the
/// envelope (list or single string), in order, without duplicates.
/// </param>
/// <param name="Cards">The readable <c>cardAttachmentsJson</c> entries.</param>
/// <param name="ModelHash"><c>metadata.llm_info.modelHash</c>; null when absent.</param>
public sealed record GrokModelResponse(
    string? ResponseId,
    string Message,
    IReadOnlyList<string> GeneratedImageUrls,
    IReadOnlyList<GrokCard> Cards,
    string? ModelHash);
