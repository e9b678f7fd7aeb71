using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace Grok2Api.Proxy.Attachments;

/// <summary>
/// Decodes a <c>data:&lt;mime&gt;[;…];base64,&lt;payload&gt;</c> attachment (docs/grok-protocol.md §8.2): the media
/// type is what stands between <c>data:</c> and the first <c>;</c>, <c>;base64</c> is required,
/// whitespace in the payload is ignored, and the decoded size is bounded. The payload is checked,
/// not decoded: upload-file takes base64 (<see cref="UploadRequestBody"/>).
/// </summary>
internal static class DataUriDecoder
{
    private const string Prefix = "data:";

    private static readonly SearchValues<byte> Whitespace = SearchValues.Create(" \t\r\n\f\v"u8);

    /// <summary>
    /// Checks a data URI and takes its payload as the attachment's base64 text: a slice of the value
    /// (itself a slice of the request body), not decoded. Only a payload with white space in it is
    /// copied, once, without the white space.
    /// </summary>
    public static AttachmentLoadResult Decode(ConversationAttachment attachment, long maxBytes, int maxMb)
    {
        var value = attachment.Media.GetUtf8();
        var source = value.Span;
        var comma = source.IndexOf((byte)',');
        if (!(source.Length >= Prefix.Length && Ascii.EqualsIgnoreCase(source[..Prefix.Length], Prefix)) || comma < 0)
        {
            return Refused(attachment, "a data URI must look like data:<media type>;base64,<data>");
        }

        var header = source[Prefix.Length..comma];
        if (!Ascii.IsValid(header))
        {
            return Refused(attachment, "the data URI's media type is not valid");
        }

        var headerText = Encoding.ASCII.GetString(header);
        var semicolon = headerText.IndexOf(';', StringComparison.Ordinal);
        var mime = (semicolon < 0 ? headerText : headerText[..semicolon]).Trim().ToLowerInvariant();
        if (semicolon < 0 || !HasBase64Flag(headerText.AsSpan(semicolon + 1)))
        {
            return Refused(attachment, "only base64 data URIs are accepted (data:<media type>;base64,<data>)");
        }

        if (mime.Length == 0)
        {
            mime = AttachmentNames.OctetStream;
        }
        else if (!IsMediaType(mime))
        {
            return Refused(attachment, "the data URI's media type is not valid");
        }

        var payload = value[(comma + 1)..];
        if ((long)payload.Length / 4 * 3 > maxBytes + 3)
        {
            // Whitespace could shrink it, but not by a quarter in any real client's output; decide
            // on the upper bound first so a huge payload is never scanned twice.
            var significant = payload.Length - CountWhitespace(payload.Span);
            if ((long)significant / 4 * 3 > maxBytes + 3)
            {
                return AttachmentLoadResult.Refused(AttachmentErrors.TooLarge(attachment.Param, maxMb));
            }
        }

        if (!Base64.IsValid(payload.Span, out var length))
        {
            return Refused(attachment, "the data URI's payload is not valid base64");
        }

        if (length == 0)
        {
            return Refused(attachment, "the data URI is empty");
        }

        if (length > maxBytes)
        {
            return AttachmentLoadResult.Refused(AttachmentErrors.TooLarge(attachment.Param, maxMb));
        }

        var compact = payload.Span.IndexOfAny(Whitespace) < 0 ? payload : RemoveWhitespace(payload.Span);
        var name = AttachmentNames.Sanitize(attachment.FileName) ?? AttachmentNames.ForMimeType(mime);
        return AttachmentLoadResult.Loaded(LoadedAttachment.FromBase64(compact, length, mime, name));
    }

    private static bool HasBase64Flag(ReadOnlySpan<char> parameters)
    {
        foreach (var range in parameters.Split(';'))
        {
            if (parameters[range].Trim().Equals("base64", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><c>type/subtype</c> made of RFC 7230 token characters.</summary>
    private static bool IsMediaType(string mime)
    {
        var slash = mime.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && slash < mime.Length - 1 && mime.IndexOf('/', slash + 1) < 0
            && mime.All(c => c == '/' || char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal));
    }

    private static int CountWhitespace(ReadOnlySpan<byte> text)
    {
        var count = 0;
        foreach (var c in text)
        {
            if (Whitespace.Contains(c))
            {
                count++;
            }
        }

        return count;
    }

    private static byte[] RemoveWhitespace(ReadOnlySpan<byte> text)
    {
        var result = new byte[text.Length - CountWhitespace(text)];
        var i = 0;
        foreach (var c in text)
        {
            if (!Whitespace.Contains(c))
            {
                result[i++] = c;
            }
        }

        return result;
    }

    private static AttachmentLoadResult Refused(ConversationAttachment attachment, string reason) =>
        AttachmentLoadResult.Refused(AttachmentErrors.Invalid(attachment.Param, reason));
}
