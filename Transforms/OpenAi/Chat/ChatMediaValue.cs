using System.Buffers.Text;

namespace Grok2Api.Transforms.OpenAi.Chat;

/// <summary>
/// Checks the value of a media block (docs/grok-protocol.md §3.4 and §8.2): an http(s) URL, or a
/// <c>data:&lt;type&gt;/&lt;subtype&gt;[;param...];base64,&lt;payload&gt;</c> URI whose payload is
/// non-empty standard base64 (whitespace ignored). Bare base64 is refused, including for
/// <c>input_audio.data</c>, where OpenAI itself takes bare base64. Errors never echo the value.
/// </summary>
internal static class ChatMediaValue
{
    private const int MaxSchemeLength = 32;

    /// <summary>Validates <paramref name="raw"/>; <paramref name="media"/> is the value without surrounding whitespace.</summary>
    public static OpenAiError? Validate(string raw, string param, out string media)
    {
        media = raw.Trim();
        if (media.Length == 0)
        {
            return ChatRequestErrors.MediaEmpty(param);
        }

        if (media.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || media.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            return Uri.TryCreate(media, UriKind.Absolute, out var uri) && uri.Host.Length > 0
                ? null
                : ChatRequestErrors.MediaUrl(param);
        }

        if (media.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            return ValidateDataUri(media, param);
        }

        if (SchemeOf(media) is { } scheme)
        {
            return ChatRequestErrors.MediaScheme(param, scheme);
        }

        return Base64.IsValid(media.AsSpan(), out var decodedLength) && decodedLength > 0
            ? ChatRequestErrors.MediaBareBase64(param)
            : ChatRequestErrors.MediaUnrecognized(param);
    }

    private static OpenAiError? ValidateDataUri(string media, string param)
    {
        var comma = media.IndexOf(',', StringComparison.Ordinal);
        if (comma < 0)
        {
            return ChatRequestErrors.MediaDataUri(param, "the data URI has no ',' before its payload");
        }

        var header = media.AsSpan(5, comma - 5);
        if (!header.EndsWith(";base64", StringComparison.OrdinalIgnoreCase))
        {
            return ChatRequestErrors.MediaDataUri(param, "the data URI is not base64-encoded (';base64' is missing)");
        }

        var mime = header[..header.IndexOf(';')].Trim();
        var slash = mime.IndexOf('/');
        if (slash <= 0 || slash == mime.Length - 1)
        {
            return ChatRequestErrors.MediaDataUri(param, "the data URI has no media type such as image/png");
        }

        var payload = media.AsSpan(comma + 1);
        if (!Base64.IsValid(payload, out var decodedLength))
        {
            return ChatRequestErrors.MediaDataUri(param, "the payload is not valid standard base64");
        }

        return decodedLength == 0 ? ChatRequestErrors.MediaDataUri(param, "the payload is empty") : null;
    }

    /// <summary>The URI scheme the value starts with, when it has one (base64 never contains ':').</summary>
    private static string? SchemeOf(string value)
    {
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon > MaxSchemeLength || !char.IsAsciiLetter(value[0]))
        {
            return null;
        }

        foreach (var c in value.AsSpan(0, colon))
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('+' or '-' or '.'))
            {
                return null;
            }
        }

        return value[..colon];
    }
}
