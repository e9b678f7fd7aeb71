namespace Grok2Api.Proxy.Images;

/// <summary>
/// What a session hands the exchange: data arrived (<see cref="Activity"/>), or one image to report,
/// with its bytes (decoded, for a file of the media cache) or its base64 text (for an inline answer).
/// </summary>
internal sealed class ImagineEvent
{
    /// <summary>A message arrived that reports nothing new.</summary>
    public static readonly ImagineEvent Activity = new();

    /// <summary>The image's place in the answer, from 0; -1 for <see cref="Activity"/>.</summary>
    public int Place { get; init; } = -1;

    /// <summary>The upstream image id.</summary>
    public string Id { get; init; } = string.Empty;

    /// <summary>The media type.</summary>
    public string MediaType { get; init; } = "image/jpeg";

    /// <summary>The stage.</summary>
    public GeneratedImageStage Stage { get; init; }

    /// <summary>The decoded image bytes, or its base64 text; held once.</summary>
    public ReadOnlyMemory<byte> Data { get; init; }

    /// <summary>Whether <see cref="Data"/> holds decoded bytes (rather than base64 text).</summary>
    public bool Decoded { get; init; }
}
