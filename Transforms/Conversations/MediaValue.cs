using System.Text;

namespace Grok2Api.Transforms.Conversations;

/// <summary>
/// The value of a media part: an http(s) URL or a <c>data:</c> URI, held either as a string or as
/// UTF-8 bytes. A data URI read from a request body is held as the bytes of the body itself (a
/// slice, not a copy), so a large inline attachment costs no second copy and no UTF-16 string;
/// <see cref="ToString"/> materialises the text and is meant for tests and diagnostics, not the
/// request path. Immutable; equality compares the text.
/// </summary>
public sealed class MediaValue : IEquatable<MediaValue>
{
    private readonly string? _text;
    private readonly ReadOnlyMemory<byte> _utf8;

    private MediaValue(string? text, ReadOnlyMemory<byte> utf8)
    {
        _text = text;
        _utf8 = utf8;
    }

    /// <summary>The value's length in UTF-8 bytes.</summary>
    public int Utf8Length => _text is null ? _utf8.Length : Encoding.UTF8.GetByteCount(_text);

    /// <summary>A value held as a string.</summary>
    /// <param name="text">The URL or data URI.</param>
    public static MediaValue FromString(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new MediaValue(text, default);
    }

    /// <summary>A value held as UTF-8 bytes, which the caller keeps unchanged for the value's lifetime.</summary>
    /// <param name="utf8">The URL or data URI as valid UTF-8.</param>
    public static MediaValue FromUtf8(ReadOnlyMemory<byte> utf8) => new(null, utf8);

    /// <summary>
    /// The value as UTF-8 bytes: the held bytes themselves, or, for a value held as a string, a new
    /// encoding of it.
    /// </summary>
    public ReadOnlyMemory<byte> GetUtf8() => _text is null ? _utf8 : Encoding.UTF8.GetBytes(_text);

    /// <summary>Whether the value starts with <paramref name="asciiPrefix"/>, ignoring ASCII case.</summary>
    /// <param name="asciiPrefix">An ASCII prefix such as <c>data:</c>.</param>
    public bool StartsWithIgnoreCase(string asciiPrefix)
    {
        ArgumentNullException.ThrowIfNull(asciiPrefix);
        if (_text is not null)
        {
            return _text.StartsWith(asciiPrefix, StringComparison.OrdinalIgnoreCase);
        }

        var span = _utf8.Span;
        return span.Length >= asciiPrefix.Length && System.Text.Ascii.EqualsIgnoreCase(span[..asciiPrefix.Length], asciiPrefix);
    }

    /// <summary>The text of the value (decoded from the bytes when held as UTF-8).</summary>
    public override string ToString() => _text ?? Encoding.UTF8.GetString(_utf8.Span);

    /// <inheritdoc />
    public bool Equals(MediaValue? other)
    {
        if (other is null)
        {
            return false;
        }

        if (ReferenceEquals(this, other))
        {
            return true;
        }

        return _text is not null && other._text is not null
            ? string.Equals(_text, other._text, StringComparison.Ordinal)
            : GetUtf8().Span.SequenceEqual(other.GetUtf8().Span);
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as MediaValue);

    /// <inheritdoc />
    public override int GetHashCode() => Utf8Length;
}
