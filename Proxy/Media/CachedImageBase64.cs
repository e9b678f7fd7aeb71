using System.Buffers.Text;

namespace Grok2Api.Proxy.Media;

/// <summary>
/// Reads a cached image back as base64 text, for answers that carry images inline rather than as
/// links (<c>b64_json</c> of an image edit, <c>app.image_format = "base64"</c> in a chat answer). Bounded
/// as image generation is: an image whose base64 would be larger than <see cref="MaxBase64Bytes"/> (the
/// most the Imagine WebSocket takes for one image message) is not read at all. The file is read into
/// the buffer its base64 text is then encoded in, in place, so an image is held once. Thread-safe.
/// </summary>
internal static class CachedImageBase64
{
    /// <summary>The largest base64 text of one inline image: <see cref="Images.ImagineLimits.MaxMessageBytes"/> (8 MB).</summary>
    public const int MaxBase64Bytes = Images.ImagineLimits.MaxMessageBytes;

    /// <summary>The largest cached file read inline: the bytes whose base64 fits <see cref="MaxBase64Bytes"/> (6 MB).</summary>
    public const int MaxFileBytes = MaxBase64Bytes / 4 * 3;

    /// <summary>Reads <paramref name="file"/> as base64 text, with its media type told by its first bytes.</summary>
    /// <param name="file">The full path of a cached image (<see cref="IMediaCache.Find"/>).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The image, or why it could not be read (gone, empty, or too large).</returns>
    public static async Task<CachedImageRead> ReadAsync(string file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        byte[] buffer;
        int length;
        try
        {
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1, FileOptions.Asynchronous);
            if (stream.Length > MaxFileBytes)
            {
                return CachedImageRead.TooLarge(stream.Length);
            }

            length = (int)stream.Length;
            if (length == 0)
            {
                return CachedImageRead.Missing;
            }

            buffer = new byte[Base64.GetMaxEncodedToUtf8Length(length)];
            await stream.ReadExactlyAsync(buffer.AsMemory(0, length), cancellationToken);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or EndOfStreamException)
        {
            // Trimmed (or cut short) between the download and this read.
            return CachedImageRead.Missing;
        }

        var mediaType = MediaTypeOf(buffer.AsSpan(0, Math.Min(length, MediaContentTypes.HeadLength)), file);
        Base64.EncodeToUtf8InPlace(buffer, length, out var written);
        return CachedImageRead.Of(buffer.AsMemory(0, written), mediaType);
    }

    // What the bytes say, else the extension, else JPEG (what grok.com generates).
    private static string MediaTypeOf(ReadOnlySpan<byte> head, string file) =>
        MediaContentTypes.Sniff(head) is { } sniffed && sniffed.StartsWith("image/", StringComparison.Ordinal) ? sniffed
        : MediaFileNames.ContentTypeOf(file) is { } named && named.StartsWith("image/", StringComparison.Ordinal) ? named
        : "image/jpeg";
}
