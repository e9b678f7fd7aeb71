namespace Grok2Api.Simulator.Imagine;

/// <summary>One Imagine session the simulator accepted, and what it was answered.</summary>
/// <param name="Token">The calling account.</param>
/// <param name="RequestId">The <c>requestId</c> of the content item.</param>
/// <param name="Prompt">The <c>text</c>.</param>
/// <param name="AspectRatio"><c>properties.aspect_ratio</c>.</param>
/// <param name="EnableNsfw"><c>properties.enable_nsfw</c>.</param>
/// <param name="Outcome">The outcome the session carried.</param>
/// <param name="ImageIds">The ids of the images it generated, in order.</param>
/// <param name="ReceivedAt">When the message arrived.</param>
public sealed record ImagineSession(
    string Token,
    string RequestId,
    string Prompt,
    string AspectRatio,
    bool EnableNsfw,
    ImagineOutcome Outcome,
    IReadOnlyList<string> ImageIds,
    DateTimeOffset ReceivedAt);
