namespace Grok2Api.Proxy.Media;

/// <summary>
/// The Content-Type a cached file is served with: what its first bytes say (JPEG, PNG, GIF, WebP, AVIF,
/// MP4, WebM), else what its extension says, else <c>video/mp4</c> in the video cache (as the original
/// served every video) and <c>application/octet-stream</c> in the image cache. Only media types come
/// out, never one a browser would run as a page or script.
/// </summary>
internal static class MediaContentTypes
{
    /// <summary>How many leading bytes <see cref="Of"/> looks at.</summary>
    public const int HeadLength = 16;

    private const string OctetStream = "application/octet-stream";

    /// <summary>The served type of a cached file.</summary>
    /// <param name="kind">The cache the file is in.</param>
    /// <param name="name">Its name (for the extension).</param>
    /// <param name="head">Its first bytes (up to <see cref="HeadLength"/>; fewer for a short file).</param>
    public static string Of(MediaKind kind, string name, ReadOnlySpan<byte> head)
    {
        if (Sniff(head) is { } sniffed)
        {
            return sniffed;
        }

        var byExtension = MediaFileNames.ContentTypeOf(name);
        if (byExtension != OctetStream)
        {
            return byExtension;
        }

        return kind == MediaKind.Video ? "video/mp4" : OctetStream;
    }

    /// <summary>The media type the leading bytes are the signature of, or null.</summary>
    public static string? Sniff(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return "image/jpeg";
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return "image/png";
        }

        if (head.StartsWith("GIF87a"u8) || head.StartsWith("GIF89a"u8))
        {
            return "image/gif";
        }

        if (head.Length >= 12 && head.StartsWith("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8))
        {
            return "image/webp";
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0x1A, 0x45, 0xDF, 0xA3]))
        {
            return "video/webm";
        }

        // ISO base media: a box size, then "ftyp" and the major brand.
        if (head.Length >= 12 && head[4..8].SequenceEqual("ftyp"u8))
        {
            var brand = head[8..12];
            return brand.SequenceEqual("avif"u8) || brand.SequenceEqual("avis"u8) ? "image/avif" : "video/mp4";
        }

        return null;
    }
}
