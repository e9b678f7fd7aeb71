namespace Grok2Api.Transforms.Grok.Imagine;

/// <summary>
/// One Imagine message, read (docs/grok-protocol.md §14.3). For an image, <see cref="Blob"/> is the
/// base64 text without any <c>data:</c> prefix: a slice of the message buffer (valid only until that
/// buffer is reused; copy what must be kept) or, when the JSON string had escapes, a fresh array.
/// </summary>
public sealed class ImagineFrame
{
    /// <summary>A message that is ignored.</summary>
    public static readonly ImagineFrame Other = new() { Kind = ImagineFrameKind.Other };

    /// <summary>What the message is.</summary>
    public required ImagineFrameKind Kind { get; init; }

    /// <summary>The image id (the file name of the URL without its extension; letters, digits, <c>-</c> and <c>_</c> only), or null.</summary>
    public string? ImageId { get; init; }

    /// <summary>The media type of the image: from a <c>data:</c> prefix, the base64 start, or the URL's extension.</summary>
    public string MediaType { get; init; } = "image/jpeg";

    /// <summary>Whether the URL ends in <c>.jpg</c> or <c>.jpeg</c> (a final image).</summary>
    public bool JpegUrl { get; init; }

    /// <summary>The base64 text of the image, without prefix.</summary>
    public ReadOnlyMemory<byte> Blob { get; init; }

    /// <summary>For an image: its stage, by the URL and the blob length.</summary>
    public GeneratedImageStage Stage { get; init; }

    /// <summary>For an error: <c>err_code</c>.</summary>
    public string? ErrorCode { get; init; }

    /// <summary>For an error: <c>err_msg</c>.</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>For a status: <c>current_status</c>.</summary>
    public string? Status { get; init; }

    /// <summary>For a status: <c>moderated</c> was true.</summary>
    public bool Moderated { get; init; }
}
