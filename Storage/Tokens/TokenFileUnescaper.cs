namespace Grok2Api.Storage.Tokens;

/// <summary>
/// Turns the <c>\uXXXX</c> escapes System.Text.Json emits for non-ASCII text (its encoders always
/// escape characters outside the Basic Multilingual Plane, such as emoji) back into raw UTF-8, so the
/// file looks like the original's (orjson escapes only quotes, backslashes and control characters).
/// </summary>
internal static class TokenFileUnescaper
{
    /// <summary>Rewrites <paramref name="json"/> with printable characters unescaped; other escapes are kept.</summary>
    /// <param name="json">UTF-8 JSON as written by <see cref="System.Text.Json.Utf8JsonWriter"/>.</param>
    public static byte[] Unescape(ReadOnlySpan<byte> json)
    {
        if (json.IndexOf((byte)'\\') < 0)
        {
            return json.ToArray();
        }

        var output = new List<byte>(json.Length);
        Span<byte> utf8 = stackalloc byte[4];
        var i = 0;
        while (i < json.Length)
        {
            var b = json[i];
            if (b != (byte)'\\' || i + 1 >= json.Length)
            {
                output.Add(b);
                i++;
                continue;
            }

            if (json[i + 1] != (byte)'u' || !TryHex(json, i + 2, out var unit) || !IsPrintable(unit, json, i, out var scalar, out var length))
            {
                // A two-character escape (\" \\ \n ...) or one that must stay: copy it whole.
                output.Add(b);
                output.Add(json[i + 1]);
                i += 2;
                continue;
            }

            var written = new System.Text.Rune(scalar).EncodeToUtf8(utf8);
            for (var k = 0; k < written; k++)
            {
                output.Add(utf8[k]);
            }

            i += length;
        }

        return [.. output];
    }

    private static bool IsPrintable(int unit, ReadOnlySpan<byte> json, int start, out int scalar, out int length)
    {
        scalar = unit;
        length = 6;
        if (char.IsHighSurrogate((char)unit))
        {
            if (start + 12 <= json.Length && json[start + 6] == (byte)'\\' && json[start + 7] == (byte)'u'
                && TryHex(json, start + 8, out var low) && char.IsLowSurrogate((char)low))
            {
                scalar = char.ConvertToUtf32((char)unit, (char)low);
                length = 12;
                return true;
            }

            return false;
        }

        if (char.IsLowSurrogate((char)unit))
        {
            return false;
        }

        // Control characters, the quote and the backslash must stay escaped.
        return unit >= 0x7F || (unit >= 0x20 && unit != '"' && unit != '\\');
    }

    private static bool TryHex(ReadOnlySpan<byte> json, int start, out int value)
    {
        value = 0;
        if (start + 4 > json.Length)
        {
            return false;
        }

        for (var k = start; k < start + 4; k++)
        {
            var c = json[k];
            var digit = c switch
            {
                >= (byte)'0' and <= (byte)'9' => c - '0',
                >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
                >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
                _ => -1,
            };
            if (digit < 0)
            {
                return false;
            }

            value = (value << 4) | digit;
        }

        return true;
    }
}
