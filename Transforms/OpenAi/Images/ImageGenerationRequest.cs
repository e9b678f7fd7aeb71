namespace Grok2Api.Transforms.OpenAi.Images;

/// <summary>A validated <c>POST /v1/images/generations</c> request.</summary>
/// <param name="Model">The model id (<c>grok-imagine-1.0</c>).</param>
/// <param name="Prompt">The prompt, never blank.</param>
/// <param name="Options">Count, size, format and stream.</param>
public sealed record ImageGenerationRequest(string Model, string Prompt, ImageRequestOptions Options)
{
    /// <summary>OpenAI's <c>partial_images</c>, 0 to 3; null when absent (<see cref="ImageAnswerOptions.PartialImages"/>).</summary>
    public int? PartialImages { get; init; }
}
