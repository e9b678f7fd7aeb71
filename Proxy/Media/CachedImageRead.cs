using System.Diagnostics.CodeAnalysis;

namespace Grok2Api.Proxy.Media;

/// <summary>What <see cref="CachedImageBase64.ReadAsync"/> found: the image as base64 text, or why not.</summary>
internal sealed class CachedImageRead
{
    private CachedImageRead(ReadOnlyMemory<byte> base64, string? mediaType, long tooLargeLength)
    {
        Base64 = base64;
        MediaType = mediaType;
        TooLargeLength = tooLargeLength;
    }

    /// <summary>The file is gone or empty.</summary>
    public static CachedImageRead Missing { get; } = new(ReadOnlyMemory<byte>.Empty, null, 0);

    /// <summary>The image as base64 text (ASCII, no <c>data:</c> prefix); empty when it was not read.</summary>
    public ReadOnlyMemory<byte> Base64 { get; }

    /// <summary>The image's media type, when it was read.</summary>
    public string? MediaType { get; }

    /// <summary>The file's length when it was too large to read inline; 0 otherwise.</summary>
    public long TooLargeLength { get; }

    /// <summary>Whether the image was read.</summary>
    [MemberNotNullWhen(true, nameof(MediaType))]
    public bool IsRead => MediaType is not null;

    /// <summary>An image read.</summary>
    /// <param name="base64">Its base64 text.</param>
    /// <param name="mediaType">Its media type.</param>
    public static CachedImageRead Of(ReadOnlyMemory<byte> base64, string mediaType) => new(base64, mediaType, 0);

    /// <summary>A file above <see cref="CachedImageBase64.MaxFileBytes"/>, left unread.</summary>
    /// <param name="length">Its length.</param>
    public static CachedImageRead TooLarge(long length) => new(ReadOnlyMemory<byte>.Empty, null, length);
}
