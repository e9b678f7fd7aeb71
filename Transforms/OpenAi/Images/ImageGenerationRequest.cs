namespace Grok2Api.Transforms.OpenAi.Images;

/// <summary>A validated <c>POST /v1/images/generations</c> request.</summary>
/// <param name="Model">The model id (<c>grok-imagine-1.0</c>).</param>
/// <param name="Prompt">The prompt, never blank.</param>
/// <param name="Options">Count, size, format and stream.</param>
public sealed record ImageGenerationRequest(string Model, string Prompt, ImageRequestOptions Options);
