namespace Grok2Api.Transforms.OpenAi.Images.Edits;

/// <summary>
/// The image types an edit takes, told by their first bytes (never by the client's content type or
/// file name): PNG, JPEG and WebP. Pure and thread-safe.
/// </summary>
public static class ImageFileTypes
{
    /// <summary>The bytes <see cref="Sniff"/> needs at most.</summary>
    public const int HeaderLength = 12;

    /// <summary>The media type of an image, or null when it is not PNG, JPEG or WebP.</summary>
    /// <param name="content">The file's first bytes (at least <see cref="HeaderLength"/> to know WebP).</param>
    public static string? Sniff(ReadOnlySpan<byte> content)
    {
        if (content.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return "image/png";
        }

        if (content.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return "image/jpeg";
        }

        if (content.Length >= HeaderLength && content.StartsWith("RIFF"u8) && content[8..12].SequenceEqual("WEBP"u8))
        {
            return "image/webp";
        }

        return null;
    }

    /// <summary>The upload file name of an image of <paramref name="mediaType"/>: <c>image.png</c>, <c>image.jpg</c> or <c>image.webp</c>.</summary>
    /// <param name="mediaType">A type <see cref="Sniff"/> returned.</param>
    /// <param name="index">The image's place in the request, from 0; images after the first get it in the name.</param>
    public static string FileName(string mediaType, int index)
    {
        var extension = mediaType switch
        {
            "image/png" => "png",
            "image/webp" => "webp",
            _ => "jpg",
        };
        return index == 0 ? "image." + extension : $"image-{index + 1}.{extension}";
    }
}
