using System.Buffers.Text;
using System.Runtime.InteropServices;
using System.Text;

namespace Grok2Api.Transforms.OpenAi.Chat;

/// <summary>
/// Reads and checks the value of a media block (docs/grok-protocol.md §3.4 and §8.2): an http(s) URL,
/// or a <c>data:&lt;type&gt;/&lt;subtype&gt;[;param...];base64,&lt;payload&gt;</c> URI whose payload
/// is non-empty standard base64 (whitespace ignored). Bare base64 is refused, including for
/// <c>input_audio.data</c>, where OpenAI itself takes bare base64. Errors never echo the value.
/// </summary>
/// <remarks>
/// The value is checked on its UTF-8 bytes, never turned into a string unless it is a URL (whose
/// length is bounded). A data URI without JSON escapes is kept as a slice of the request body, so an
/// inline attachment is held once, by the body; an escaped one is unescaped once into a byte array
/// of at most its own size.
/// </remarks>
internal static class ChatMediaValue
{
    /// <summary>Longer URLs are refused without being decoded (<see cref="Uri"/> takes at most 65,519 characters).</summary>
    internal const int MaxUrlBytes = 4 * 65_519;

    private const int MaxSchemeLength = 32;

    /// <summary>Reads a JSON string value (already known to decode) as a media value.</summary>
    /// <param name="value">The JSON string.</param>
    /// <param name="body">The request body the document was parsed from, when it is one piece of memory; empty otherwise.</param>
    /// <param name="param">Where the value is, for errors.</param>
    /// <param name="media">The value without surrounding whitespace.</param>
    public static OpenAiError? Read(JsonElement value, ReadOnlyMemory<byte> body, string param, out MediaValue? media)
    {
        media = null;
        if (value.ValueKind != JsonValueKind.String)
        {
            return ChatRequestErrors.InvalidType(param, "a string", value.ValueKind);
        }

        var utf8 = Utf8Of(value, body);
        var trimmed = Trim(utf8.Span, out var start);
        utf8 = utf8.Slice(start, trimmed.Length);
        if (trimmed.IsEmpty)
        {
            return ChatRequestErrors.MediaEmpty(param);
        }

        if (StartsWith(trimmed, "http://"u8) || StartsWith(trimmed, "https://"u8))
        {
            if (trimmed.Length > MaxUrlBytes)
            {
                return ChatRequestErrors.MediaUrl(param);
            }

            var url = Encoding.UTF8.GetString(trimmed);
            media = MediaValue.FromString(url);
            return Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Host.Length > 0
                ? null
                : ChatRequestErrors.MediaUrl(param);
        }

        if (StartsWith(trimmed, "data:"u8))
        {
            media = MediaValue.FromUtf8(utf8);
            return ValidateDataUri(trimmed, param);
        }

        if (SchemeOf(trimmed) is { } scheme)
        {
            return ChatRequestErrors.MediaScheme(param, scheme);
        }

        return Base64.IsValid(trimmed, out var decodedLength) && decodedLength > 0
            ? ChatRequestErrors.MediaBareBase64(param)
            : ChatRequestErrors.MediaUnrecognized(param);
    }

    /// <summary>The unescaped UTF-8 of a string value: a slice of <paramref name="body"/> when the value has no escapes, else a new array.</summary>
    private static ReadOnlyMemory<byte> Utf8Of(JsonElement value, ReadOnlyMemory<byte> body)
    {
        // The raw token, quotes included, as it stands in the parsed text.
        var raw = JsonMarshal.GetRawUtf8Value(value);
        var inner = raw[1..^1];
        if (inner.IndexOf((byte)'\\') < 0)
        {
            return body.Span.Overlaps(inner, out var offset) ? body.Slice(offset, inner.Length) : inner.ToArray();
        }

        var reader = new Utf8JsonReader(raw);
        reader.Read();
        var unescaped = new byte[inner.Length];
        return unescaped.AsMemory(0, reader.CopyString(unescaped));
    }

    /// <summary>Removes leading and trailing white space (as <see cref="string.Trim()"/> would, on the decoded text).</summary>
    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> utf8, out int start)
    {
        start = 0;
        while (start < utf8.Length && Rune.DecodeFromUtf8(utf8[start..], out var rune, out var size) == System.Buffers.OperationStatus.Done && Rune.IsWhiteSpace(rune))
        {
            start += size;
        }

        var end = utf8.Length;
        while (end > start && Rune.DecodeLastFromUtf8(utf8[start..end], out var rune, out var size) == System.Buffers.OperationStatus.Done && Rune.IsWhiteSpace(rune))
        {
            end -= size;
        }

        return utf8[start..end];
    }

    private static bool StartsWith(ReadOnlySpan<byte> value, ReadOnlySpan<byte> asciiPrefix) =>
        value.Length >= asciiPrefix.Length && Ascii.EqualsIgnoreCase(value[..asciiPrefix.Length], asciiPrefix);

    private static OpenAiError? ValidateDataUri(ReadOnlySpan<byte> media, string param)
    {
        var comma = media.IndexOf((byte)',');
        if (comma < 0)
        {
            return ChatRequestErrors.MediaDataUri(param, "the data URI has no ',' before its payload");
        }

        var header = media[5..comma];
        if (!(header.Length >= 7 && Ascii.EqualsIgnoreCase(header[^7..], ";base64"u8)))
        {
            return ChatRequestErrors.MediaDataUri(param, "the data URI is not base64-encoded (';base64' is missing)");
        }

        var mime = header[..header.IndexOf((byte)';')].Trim(" \t\r\n\f\v"u8);
        var slash = mime.IndexOf((byte)'/');
        if (slash <= 0 || slash == mime.Length - 1)
        {
            return ChatRequestErrors.MediaDataUri(param, "the data URI has no media type such as image/png");
        }

        var payload = media[(comma + 1)..];
        if (!Base64.IsValid(payload, out var decodedLength))
        {
            return ChatRequestErrors.MediaDataUri(param, "the payload is not valid standard base64");
        }

        return decodedLength == 0 ? ChatRequestErrors.MediaDataUri(param, "the payload is empty") : null;
    }

    /// <summary>The URI scheme the value starts with, when it has one (base64 never contains ':').</summary>
    private static string? SchemeOf(ReadOnlySpan<byte> value)
    {
        var colon = value.IndexOf((byte)':');
        if (colon <= 0 || colon > MaxSchemeLength || !char.IsAsciiLetter((char)value[0]))
        {
            return null;
        }

        foreach (var c in value[..colon])
        {
            if (!char.IsAsciiLetterOrDigit((char)c) && c is not ((byte)'+' or (byte)'-' or (byte)'.'))
            {
                return null;
            }
        }

        return Encoding.ASCII.GetString(value[..colon]);
    }
}
