namespace Grok2Api.Transforms.OpenAi.Videos;

/// <summary>
/// The fields of <c>POST /v1/videos</c> as the client sent them, from a JSON body or a multipart form,
/// before they are checked (<see cref="VideoCreateMapping"/>).
/// </summary>
public sealed record VideoCreateFields
{
    /// <summary><c>model</c>, or null for <c>grok-imagine-1.0-video</c>.</summary>
    public string? Model { get; init; }

    /// <summary><c>prompt</c>.</summary>
    public string? Prompt { get; init; }

    /// <summary><c>seconds</c> as text (the SDKs send a string; a JSON number is accepted too).</summary>
    public string? Seconds { get; init; }

    /// <summary><c>size</c>, e.g. <c>1280x720</c>.</summary>
    public string? Size { get; init; }

    /// <summary><c>preset</c> (a Grok extension): fun, normal, spicy or custom.</summary>
    public string? Preset { get; init; }

    /// <summary>
    /// <c>input_reference</c> given as a URL or data URI (JSON <c>input_reference</c> string or
    /// <c>{"image_url": …}</c>); a multipart file reference is read by the host instead.
    /// </summary>
    public string? InputReferenceUrl { get; init; }

    /// <summary>Whether the host read <c>input_reference</c> as a file of a multipart form.</summary>
    public bool HasInputReferenceFile { get; init; }

    /// <summary>Whether the request has a reference image in either form (image-to-video).</summary>
    public bool HasInputReference => HasInputReferenceFile || !string.IsNullOrEmpty(InputReferenceUrl);
}
