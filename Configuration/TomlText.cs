using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Grok2Api.Configuration;

/// <summary>
/// TOML spellings of keys and values. Output stays within TOML 1.0 (what the original project's
/// Python reader accepts): strings are single-line basic strings with escapes, so any text,
/// including backslashes, quotes, newlines, control characters and emoji, round-trips exactly.
/// </summary>
internal static class TomlText
{
    /// <summary>A key: bare when it only has <c>A-Z a-z 0-9 _ -</c>, quoted otherwise.</summary>
    public static string Key(string key)
    {
        if (key.Length > 0 && key.All(IsBareKeyChar))
        {
            return key;
        }

        return String(key);
    }

    /// <summary>A dotted table name such as <c>chat."grok-4.1-fast"</c>.</summary>
    public static string TableName(IEnumerable<string> path) => string.Join('.', path.Select(Key));

    /// <summary>A basic string literal.</summary>
    /// <exception cref="ArgumentException">The text has an unpaired surrogate, which TOML cannot hold.</exception>
    public static string String(string value)
    {
        var builder = new StringBuilder(value.Length + 2);
        builder.Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (ShortEscape(c) is { } escape)
            {
                builder.Append(escape);
            }
            else if (c < 0x20 || c == 0x7F)
            {
                builder.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
            else if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                builder.Append(c).Append(value[i + 1]);
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                throw new ArgumentException("The text contains an unpaired UTF-16 surrogate, which TOML cannot store.", nameof(value));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.Append('"').ToString();
    }

    /// <summary>The short escape (a backslash and one character) TOML has for <paramref name="c"/>, or null.</summary>
    private static string? ShortEscape(char c) => c switch
    {
        '"' => "\\\"",
        '\\' => "\\\\",
        '\b' => "\\b",
        '\t' => "\\t",
        '\n' => "\\n",
        '\f' => "\\f",
        '\r' => "\\r",
        _ => null,
    };

    /// <summary>A float that reads back as the same double (and as a float, never an integer).</summary>
    public static string Float(double value)
    {
        if (double.IsNaN(value))
        {
            return "nan";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "inf" : "-inf";
        }

        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.Contains('.', StringComparison.Ordinal) || text.Contains('E', StringComparison.Ordinal) ? text : text + ".0";
    }

    /// <summary>A value on one line: scalars, arrays and objects (as inline tables).</summary>
    /// <exception cref="ArgumentException">An array holds a <see langword="null"/>, which TOML cannot store.</exception>
    public static string Inline(JsonNode? node)
    {
        switch (node)
        {
            case null:
                throw new ArgumentException("TOML has no null value.", nameof(node));
            case JsonObject obj:
                return obj.Count == 0
                    ? "{}"
                    : "{ " + string.Join(", ", obj.Where(p => p.Value is not null).Select(p => $"{Key(p.Key)} = {Inline(p.Value)}")) + " }";
            case JsonArray array:
                return "[" + string.Join(", ", array.Select(Inline)) + "]";
            case JsonValue value:
                return ConfigTree.ReadScalar(value) switch
                {
                    string s => String(s),
                    bool b => b ? "true" : "false",
                    long l => l.ToString(CultureInfo.InvariantCulture),
                    double d => Float(d),
                    _ => throw new InvalidOperationException("unreachable"),
                };
            default:
                throw new ArgumentException($"Unexpected node {node.GetType()}", nameof(node));
        }
    }

    private static bool IsBareKeyChar(char c) =>
        c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '-';
}
