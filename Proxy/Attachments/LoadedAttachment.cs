namespace Grok2Api.Proxy.Attachments;

/// <summary>
/// One attachment, ready to upload: either its bytes (fetched or read from the cache), or, for a
/// data URI, its standard base64 text as the client sent it (a slice of the request body), which
/// upload-file takes as is, so an inline attachment is never decoded nor encoded again.
/// </summary>
internal sealed class LoadedAttachment
{
    private readonly ReadOnlyMemory<byte> _bytes;

    /// <summary>An attachment held as its bytes.</summary>
    /// <param name="content">The file content.</param>
    /// <param name="mimeType">Its media type, e.g. <c>image/png</c>.</param>
    /// <param name="fileName">The upload name, e.g. <c>file.png</c>.</param>
    public LoadedAttachment(ReadOnlyMemory<byte> content, string mimeType, string fileName)
        : this(content, default, content.Length, mimeType, fileName)
    {
    }

    private LoadedAttachment(ReadOnlyMemory<byte> bytes, ReadOnlyMemory<byte> base64, int length, string mimeType, string fileName)
    {
        _bytes = bytes;
        Base64 = base64;
        Length = length;
        MimeType = mimeType;
        FileName = fileName;
    }

    /// <summary>
    /// The file content. For an attachment held as base64 it is decoded on each call (a new array):
    /// for tests and diagnostics, not the upload path, which uses <see cref="Base64"/>.
    /// </summary>
    public ReadOnlyMemory<byte> Content => Base64.IsEmpty ? _bytes : Convert.FromBase64String(System.Text.Encoding.ASCII.GetString(Base64.Span));

    /// <summary>The content as standard base64 (no white space), or empty when the attachment is held as bytes.</summary>
    public ReadOnlyMemory<byte> Base64 { get; }

    /// <summary>The file's size in bytes.</summary>
    public int Length { get; }

    /// <summary>Its media type, e.g. <c>image/png</c>.</summary>
    public string MimeType { get; }

    /// <summary>The upload name, e.g. <c>file.png</c>.</summary>
    public string FileName { get; }

    /// <summary>An attachment held as standard base64 text.</summary>
    /// <param name="base64">The base64 text, ASCII, no white space, kept unchanged while the attachment is used.</param>
    /// <param name="length">The decoded size.</param>
    /// <param name="mimeType">Its media type.</param>
    /// <param name="fileName">The upload name.</param>
    public static LoadedAttachment FromBase64(ReadOnlyMemory<byte> base64, int length, string mimeType, string fileName) =>
        new(default, base64, length, mimeType, fileName);
}
