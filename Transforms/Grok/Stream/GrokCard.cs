namespace Grok2Api.Transforms.Grok.Stream;

/// <summary>
/// A card decoded from <c>cardAttachment.jsonData</c> or one <c>modelResponse.cardAttachmentsJson</c> entry
/// (docs/grok-protocol.md §4.5).
/// </summary>
/// <param name="Id">The card id that <c>&lt;grok:render card_id="…"&gt;</c> refers to.</param>
/// <param name="CardType">The <c>cardType</c>, e.g. <c>image_card</c> or <c>generated_image_card</c>; null when absent.</param>
/// <param name="ImageUrl">
/// <c>image.original</c> (an external https URL, used as is), or for a generated image
/// <c>image_chunk.imageUrl</c> (a relative asset path that must go through the media linker); null when none.
/// </param>
/// <param name="Title"><c>image.title</c>; null when absent.</param>
/// <param name="IsGenerated">True for the <c>image_chunk</c> shape (an image the upstream generated).</param>
/// <param name="Progress"><c>image_chunk.progress</c> (percent); null when absent.</param>
/// <param name="Moderated"><c>image_chunk.moderated</c>.</param>
public sealed record GrokCard(string Id, string? CardType, string? ImageUrl, string? Title, bool IsGenerated, int? Progress, bool Moderated)
{
    /// <summary>True when the card has an image to show now: a URL, not moderated and, for a generated image, finished.</summary>
    public bool IsRenderable => !string.IsNullOrEmpty(ImageUrl) && !Moderated && (!IsGenerated || Progress is null or >= 100);
}
