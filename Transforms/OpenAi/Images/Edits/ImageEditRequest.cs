namespace Grok2Api.Transforms.OpenAi.Images.Edits;

/// <summary>A validated <c>POST /v1/images/edits</c> request.</summary>
/// <param name="Model">The public model id (<c>grok-imagine-1.0-edit</c>).</param>
/// <param name="Prompt">The edit instruction, never blank.</param>
/// <param name="Images">The source images, in form order; one at least.</param>
/// <param name="Options"><c>n</c>, <c>size</c> (checked; the upstream edit takes none), <c>response_format</c> and <c>stream</c>.</param>
public sealed record ImageEditRequest(
    string Model,
    string Prompt,
    IReadOnlyList<ImageEditSource> Images,
    ImageRequestOptions Options)
{
    /// <summary>OpenAI's <c>partial_images</c>, 0 to 3; null when absent (<see cref="ImageAnswerOptions.PartialImages"/>).</summary>
    public int? PartialImages { get; init; }
}
