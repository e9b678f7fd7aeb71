using System.Text.Unicode;

namespace Grok2Api.Transforms.OpenAi.Chat;

/// <summary>
/// Checks, in one linear pass before any value is read, that every string and property name of a
/// request body decodes to a .NET string: valid UTF-8, and no <c>\uXXXX</c> escape of a surrogate
/// without its pair. System.Text.Json accepts such text while parsing and throws only when the value
/// (or a property name, during a lookup) is decoded, so without this pass an undecodable string would
/// surface as an exception wherever it happens to be touched. The raw bytes are checked in place; a
/// body whose strings all decode (nearly every one) is read once without allocating, and only a body
/// with a bad string is read again to name where it is. Pure and thread-safe.
/// </summary>
internal static class ChatJsonStrings
{
    /// <summary>Finds the first string or property name that does not decode.</summary>
    /// <param name="utf8Json">The body, already known to be well-formed JSON.</param>
    /// <returns>The 400 error naming where it is, or null when every string decodes.</returns>
    public static OpenAiError? FindUndecodable(ReadOnlySequence<byte> utf8Json) =>
        AllDecode(utf8Json) ? null : Locate(utf8Json);

    /// <summary>The pass every request takes: whether each string and property name decodes, with no path kept.</summary>
    private static bool AllDecode(ReadOnlySequence<byte> utf8Json)
    {
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions());
        while (reader.Read())
        {
            if (reader.TokenType is JsonTokenType.PropertyName or JsonTokenType.String && !Decodes(ref reader))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The second pass, for a body with a bad string: the error naming the first one's path.</summary>
    private static OpenAiError? Locate(ReadOnlySequence<byte> utf8Json)
    {
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions());
        var path = new List<Frame>();
        string? pendingName = null;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                case JsonTokenType.StartArray:
                    var container = Child(path, ref pendingName);
                    path.Add(new Frame(container, reader.TokenType == JsonTokenType.StartArray));
                    continue;
                case JsonTokenType.EndObject:
                case JsonTokenType.EndArray:
                    path.RemoveAt(path.Count - 1);
                    continue;
                case JsonTokenType.PropertyName:
                    if (!Decodes(ref reader))
                    {
                        var owner = path.Count == 0 ? null : path[^1].Path;
                        return ChatRequestErrors.InvalidPropertyName(owner);
                    }

                    // Names are only needed for the path of an error; decoding them is safe now.
                    pendingName = reader.GetString();
                    continue;
                case JsonTokenType.String:
                    var param = Child(path, ref pendingName);
                    if (!Decodes(ref reader))
                    {
                        return ChatRequestErrors.InvalidString(param ?? "body");
                    }

                    continue;
                default:
                    Child(path, ref pendingName);
                    continue;
            }
        }

        return null;
    }

    /// <summary>The path of the value starting now, and the next index of the enclosing array.</summary>
    private static string? Child(List<Frame> path, ref string? pendingName)
    {
        if (path.Count == 0)
        {
            return null;
        }

        var parent = path[^1];
        if (parent.IsArray)
        {
            var index = parent.NextIndex;
            path[^1] = parent with { NextIndex = index + 1 };
            return string.Create(CultureInfo.InvariantCulture, $"{parent.Path}[{index}]");
        }

        var name = pendingName ?? "";
        pendingName = null;
        return parent.Path is null ? name : parent.Path + "." + name;
    }

    private static bool Decodes(ref Utf8JsonReader reader)
    {
        if (!reader.HasValueSequence)
        {
            return Decodes(reader.ValueSpan, reader.ValueIsEscaped);
        }

        // A value split across segments (a body read from a pipe): rare, copy it.
        return Decodes(reader.ValueSequence.ToArray(), reader.ValueIsEscaped);
    }

    /// <summary>Whether raw (still escaped) JSON string bytes decode to valid UTF-16.</summary>
    internal static bool Decodes(ReadOnlySpan<byte> raw, bool escaped)
    {
        if (!escaped)
        {
            return Utf8.IsValid(raw);
        }

        var pendingHigh = false;
        while (!raw.IsEmpty)
        {
            var backslash = raw.IndexOf((byte)'\\');
            var literal = backslash < 0 ? raw : raw[..backslash];
            if (!literal.IsEmpty)
            {
                if (pendingHigh || !Utf8.IsValid(literal))
                {
                    return false;
                }
            }

            if (backslash < 0)
            {
                break;
            }

            // The parser has checked the escape syntax: a backslash is followed by one of "\/bfnrtu,
            // and \u by four hex digits.
            if (raw[backslash + 1] != (byte)'u')
            {
                if (pendingHigh)
                {
                    return false;
                }

                raw = raw[(backslash + 2)..];
                continue;
            }

            var unit = int.Parse(raw.Slice(backslash + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
            var isHigh = unit is >= 0xD800 and <= 0xDBFF;
            var isLow = unit is >= 0xDC00 and <= 0xDFFF;
            if (pendingHigh != isLow || (pendingHigh && isHigh))
            {
                return false;
            }

            pendingHigh = isHigh;
            raw = raw[(backslash + 6)..];
        }

        return !pendingHigh;
    }

    private readonly record struct Frame(string? Path, bool IsArray, int NextIndex = 0);
}
