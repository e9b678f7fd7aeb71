namespace Grok2Api.Transforms.Conversations;

/// <summary>
/// One image an image model produced (Imagine generation, image edit), as the exchange hands it to
/// the writer: either a URL the client can open (a file of the media cache) or the image itself as
/// base64 text, whichever the request asked for, never both, so the image is held once.
/// </summary>
/// <remarks>
/// <para>The base64 text is ASCII in a UTF-8 buffer (no <c>data:</c> prefix), checked against the
/// base64 alphabet when the value is made, so a writer can put it into JSON without escaping. A
/// writer may keep the value until its answer is complete (a whole JSON answer is written at the
/// end): the producer hands over the buffer and must not reuse it.</para>
/// <para>Partial images (<see cref="GeneratedImageStage.Preview"/>, <see cref="GeneratedImageStage.Medium"/>)
/// come only to streaming writers that show progress; every image a request returns arrives once as
/// <see cref="GeneratedImageStage.Final"/>.</para>
/// </remarks>
public sealed class GeneratedImage
{
    private GeneratedImage(int index, string id, string mediaType, GeneratedImageStage stage, string? url, ReadOnlyMemory<byte> base64)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentException.ThrowIfNullOrEmpty(mediaType);
        Index = index;
        Id = id;
        MediaType = mediaType;
        Stage = stage;
        Url = url;
        Base64 = base64;
    }

    /// <summary>The image's place in the answer, from 0 (the OpenAI <c>index</c>).</summary>
    public int Index { get; }

    /// <summary>The upstream's id of the image (the same for every stage of one image).</summary>
    public string Id { get; }

    /// <summary>The media type of the image bytes: <c>image/jpeg</c>, <c>image/png</c> or <c>image/webp</c>.</summary>
    public string MediaType { get; }

    /// <summary>How far the image is.</summary>
    public GeneratedImageStage Stage { get; }

    /// <summary>Whether this is the finished image.</summary>
    public bool IsFinal => Stage == GeneratedImageStage.Final;

    /// <summary>A URL the client can open, or null when the image comes as <see cref="Base64"/>.</summary>
    public string? Url { get; }

    /// <summary>The image as base64 text (ASCII, no <c>data:</c> prefix), or empty when it comes as <see cref="Url"/>.</summary>
    public ReadOnlyMemory<byte> Base64 { get; }

    /// <summary>The prompt the upstream actually used, when it says (the OpenAI <c>revised_prompt</c>); usually null.</summary>
    public string? RevisedPrompt { get; init; }

    /// <summary>The short name of the format, as OpenAI's <c>output_format</c> says it: <c>jpeg</c>, <c>png</c> or <c>webp</c>.</summary>
    public string OutputFormat => MediaType switch
    {
        "image/png" => "png",
        "image/webp" => "webp",
        _ => "jpeg",
    };

    /// <summary>An image the client gets as a link.</summary>
    /// <param name="index">Its place in the answer, from 0.</param>
    /// <param name="id">The upstream's image id.</param>
    /// <param name="mediaType">The media type.</param>
    /// <param name="url">The URL (usually a <c>/v1/files/image/...</c> link of the media cache).</param>
    /// <param name="stage">How far the image is.</param>
    public static GeneratedImage WithUrl(int index, string id, string mediaType, string url, GeneratedImageStage stage = GeneratedImageStage.Final)
    {
        ArgumentException.ThrowIfNullOrEmpty(url);
        return new GeneratedImage(index, id, mediaType, stage, url, ReadOnlyMemory<byte>.Empty);
    }

    /// <summary>An image the client gets inline, as base64 text.</summary>
    /// <param name="index">Its place in the answer, from 0.</param>
    /// <param name="id">The upstream's image id.</param>
    /// <param name="mediaType">The media type.</param>
    /// <param name="base64">The base64 text, ASCII; handed over, not copied.</param>
    /// <param name="stage">How far the image is.</param>
    /// <exception cref="ArgumentException">The text is empty or has a character outside the base64 alphabet.</exception>
    public static GeneratedImage WithBase64(int index, string id, string mediaType, ReadOnlyMemory<byte> base64, GeneratedImageStage stage = GeneratedImageStage.Final)
    {
        if (!IsBase64Text(base64.Span))
        {
            throw new ArgumentException("The image is not base64 text.", nameof(base64));
        }

        return new GeneratedImage(index, id, mediaType, stage, null, base64);
    }

    /// <summary>Whether <paramref name="text"/> is non-empty and uses only the base64 alphabet (<c>A–Z a–z 0–9 + / =</c>).</summary>
    /// <param name="text">The text.</param>
    public static bool IsBase64Text(ReadOnlySpan<byte> text)
    {
        if (text.IsEmpty)
        {
            return false;
        }

        foreach (var b in text)
        {
            if (!(b is (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'a' and <= (byte)'z') or (>= (byte)'0' and <= (byte)'9') or (byte)'+' or (byte)'/' or (byte)'='))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The image as a <c>data:</c> URI or its URL: what a chat answer links to.</summary>
    public string ToLink() => Url ?? string.Concat("data:", MediaType, ";base64,", System.Text.Encoding.ASCII.GetString(Base64.Span));
}
