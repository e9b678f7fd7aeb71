using Grok2Api.Transforms.OpenAi.Images.Edits;

namespace Grok2Api.Proxy.Images.Edits;

/// <summary>The type of a source image that is already loaded, told by its first bytes.</summary>
internal static class ImageEditSources
{
    /// <summary>
    /// The media type of a loaded attachment when it is a PNG, JPEG or WebP image, else null. An
    /// attachment held as base64 has only its first characters decoded.
    /// </summary>
    /// <param name="attachment">The attachment.</param>
    public static string? Sniff(LoadedAttachment attachment)
    {
        ArgumentNullException.ThrowIfNull(attachment);
        if (attachment.Base64.IsEmpty)
        {
            return ImageFileTypes.Sniff(attachment.Content.Span);
        }

        // 16 base64 characters are 12 bytes, what the sniffer needs.
        var head = attachment.Base64.Span[..Math.Min(16, attachment.Base64.Length & ~3)];
        Span<byte> bytes = stackalloc byte[12];
        return System.Buffers.Text.Base64.DecodeFromUtf8(head, bytes, out _, out var written) == System.Buffers.OperationStatus.Done
            ? ImageFileTypes.Sniff(bytes[..written])
            : null;
    }
}
