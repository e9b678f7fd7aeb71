using System.Buffers;
using Grok2Api.Transforms.Conversations;
using Grok2Api.Transforms.OpenAi.Chat;

namespace Grok2Api.Proxy.Attachments;

/// <summary>
/// Decodes a <c>data:&lt;mime&gt;[;…];base64,&lt;payload&gt;</c> attachment (docs/grok-protocol.md §8.2): the media
/// type is what stands between <c>data:</c> and the first <c>;</c>, <c>;base64</c> is required,
/// whitespace in the payload is ignored, and the decoded size is bounded.
/// </summary>
internal static class DataUriDecoder
{
    private const string Prefix = "data:";

    private static readonly SearchValues<char> Whitespace = SearchValues.Create(" \t\r\n\f\v");

    public static AttachmentLoadResult Decode(ConversationAttachment attachment, long maxBytes, int maxMb)
    {
        var source = attachment.Source;
        var comma = source.IndexOf(',', StringComparison.Ordinal);
        if (!source.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) || comma < 0)
        {
            return Refused(attachment, "a data URI must look like data:<media type>;base64,<data>");
        }

        var header = source.AsSpan(Prefix.Length, comma - Prefix.Length);
        var semicolon = header.IndexOf(';');
        var mime = (semicolon < 0 ? header : header[..semicolon]).Trim().ToString().ToLowerInvariant();
        if (semicolon < 0 || !HasBase64Flag(header[(semicolon + 1)..]))
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

        var payload = source.AsSpan(comma + 1);
        if ((long)payload.Length / 4 * 3 > maxBytes + 3)
        {
            // Whitespace could shrink it, but not by a quarter in any real client's output; decide
            // on the upper bound first so a huge payload is never decoded.
            var significant = payload.Length - CountWhitespace(payload);
            if ((long)significant / 4 * 3 > maxBytes + 3)
            {
                return AttachmentLoadResult.Refused(AttachmentErrors.TooLarge(attachment.Param, maxMb));
            }
        }

        var bytes = new byte[(payload.Length / 4 * 3) + 3];
        var compact = payload.ContainsAny(Whitespace) ? RemoveWhitespace(payload) : payload;
        if (!Convert.TryFromBase64Chars(compact, bytes, out var written))
        {
            return Refused(attachment, "the data URI's payload is not valid base64");
        }

        if (written == 0)
        {
            return Refused(attachment, "the data URI is empty");
        }

        if (written > maxBytes)
        {
            return AttachmentLoadResult.Refused(AttachmentErrors.TooLarge(attachment.Param, maxMb));
        }

        var name = AttachmentNames.Sanitize(attachment.FileName) ?? AttachmentNames.ForMimeType(mime);
        return AttachmentLoadResult.Loaded(new LoadedAttachment(bytes.AsMemory(0, written), mime, name));
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

    private static int CountWhitespace(ReadOnlySpan<char> text)
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

    private static char[] RemoveWhitespace(ReadOnlySpan<char> text)
    {
        var result = new char[text.Length - CountWhitespace(text)];
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
