namespace Grok2Api.Simulator.Media;

/// <summary>One post <c>media/post/create</c> created (docs/grok-protocol.md §12.1).</summary>
/// <param name="Id">The answered <c>post.id</c>, which image-edit and video requests name as <c>parentPostId</c>.</param>
/// <param name="Token">The creating account.</param>
/// <param name="MediaType"><see cref="MediaPostTypes.Video"/> or <see cref="MediaPostTypes.Image"/>.</param>
/// <param name="Prompt">The prompt of a video post; null for an image post.</param>
/// <param name="MediaUrl">The image URL of an image post, as sent; null for a video post.</param>
/// <param name="CreatedAt">When it was created.</param>
public sealed record MediaPost(string Id, string Token, string MediaType, string? Prompt, string? MediaUrl, DateTimeOffset CreatedAt);
