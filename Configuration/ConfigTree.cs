using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Grok2Api.Configuration;

/// <summary>
/// Operations on config trees (<see cref="JsonObject"/> of sections). Scalars in a normalized tree
/// are strings, booleans, 64-bit integers and doubles, so TOML integers and floats stay distinct.
/// </summary>
internal static class ConfigTree
{
    /// <summary>
    /// Reads a scalar as <see cref="string"/>, <see cref="bool"/>, <see cref="long"/> or
    /// <see cref="double"/>, whatever backs the <see cref="JsonValue"/> (parsed JSON or a CLR value).
    /// </summary>
    public static object ReadScalar(JsonValue value)
    {
        if (value.TryGetValue<JsonElement>(out var element))
        {
            return ReadElement(element);
        }

        if (value.TryGetValue<string>(out var text))
        {
            return text;
        }

        if (value.TryGetValue<bool>(out var flag))
        {
            return flag;
        }

        if (value.TryGetValue<long>(out var int64))
        {
            return int64;
        }

        if (value.TryGetValue<int>(out var int32))
        {
            return (long)int32;
        }

        if (value.TryGetValue<double>(out var float64))
        {
            return float64;
        }

        if (value.TryGetValue<float>(out var float32))
        {
            return (double)float32;
        }

        if (value.TryGetValue<decimal>(out var dec))
        {
            return decimal.IsInteger(dec) && dec >= long.MinValue && dec <= long.MaxValue ? (long)dec : (double)dec;
        }

        if (value.TryGetValue<short>(out var int16))
        {
            return (long)int16;
        }

        if (value.TryGetValue<byte>(out var uint8))
        {
            return (long)uint8;
        }

        if (value.TryGetValue<uint>(out var uint32))
        {
            return (long)uint32;
        }

        if (value.TryGetValue<ulong>(out var uint64))
        {
            return uint64 <= long.MaxValue ? (long)uint64 : (double)uint64;
        }

        // Any other CLR value (a date, an enum...) goes through its JSON form.
        using var document = JsonDocument.Parse(value.ToJsonString());
        return ReadElement(document.RootElement);
    }

    /// <summary>A deep copy whose scalars are plain CLR values (see <see cref="ReadScalar"/>).</summary>
    public static JsonNode? Normalize(JsonNode? node) => node switch
    {
        null => null,
        JsonObject obj => NormalizeObject(obj),
        JsonArray array => NormalizeArray(array),
        JsonValue value => ReadScalar(value) switch
        {
            string s => JsonValue.Create(s),
            bool b => JsonValue.Create(b),
            long l => JsonValue.Create(l),
            double d => JsonValue.Create(d),
            _ => throw new InvalidOperationException("unreachable"),
        },
        _ => throw new InvalidOperationException($"Unexpected node {node.GetType()}"),
    };

    public static JsonObject NormalizeObject(JsonObject obj)
    {
        var copy = new JsonObject();
        foreach (var (key, child) in obj)
        {
            copy[key] = Normalize(child);
        }

        return copy;
    }

    /// <summary>
    /// Merges <paramref name="overlay"/> into a copy of <paramref name="baseTree"/>: objects merge
    /// key by key, anything else replaces, and a <see langword="null"/> removes the key.
    /// </summary>
    public static JsonObject DeepMerge(JsonObject baseTree, JsonObject overlay)
    {
        var result = NormalizeObject(baseTree);
        MergeInto(result, overlay);
        return result;
    }

    /// <summary>Equality that keeps TOML types apart: integer 60 differs from float 60.0.</summary>
    public static bool StrictEquals(JsonNode? left, JsonNode? right)
    {
        switch (left, right)
        {
            case (null, null):
                return true;
            case (JsonObject a, JsonObject b):
                if (a.Count != b.Count)
                {
                    return false;
                }

                foreach (var (key, child) in a)
                {
                    if (!b.TryGetPropertyValue(key, out var other) || !StrictEquals(child, other))
                    {
                        return false;
                    }
                }

                return true;
            case (JsonArray a, JsonArray b):
                if (a.Count != b.Count)
                {
                    return false;
                }

                for (var i = 0; i < a.Count; i++)
                {
                    if (!StrictEquals(a[i], b[i]))
                    {
                        return false;
                    }
                }

                return true;
            case (JsonValue a, JsonValue b):
                return ScalarEquals(ReadScalar(a), ReadScalar(b));
            default:
                return false;
        }
    }

    /// <summary>The node at <paramref name="path"/>, or <see langword="null"/> when a step is missing or not an object.</summary>
    public static JsonNode? Get(JsonObject root, IReadOnlyList<string> path)
    {
        JsonNode? current = root;
        foreach (var segment in path)
        {
            if (current is not JsonObject obj || !obj.TryGetPropertyValue(segment, out current))
            {
                return null;
            }
        }

        return current;
    }

    /// <summary>Formats a value for a message: JSON-like, strings quoted, non-finite floats as TOML writes them.</summary>
    public static string Describe(JsonNode? node)
    {
        switch (node)
        {
            case null:
                return "null";
            case JsonObject obj:
                return "{" + string.Join(", ", obj.Select(p => $"{p.Key} = {Describe(p.Value)}")) + "}";
            case JsonArray array:
                return "[" + string.Join(", ", array.Select(Describe)) + "]";
            case JsonValue value:
                return DescribeScalar(ReadScalar(value));
            default:
                return node.ToJsonString();
        }
    }

    public static string DescribeScalar(object? scalar) => scalar switch
    {
        null => "null",
        string s => JsonSerializer.Serialize(s, ConfigJsonContext.Default.String),
        bool b => b ? "true" : "false",
        long l => l.ToString(CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        double d => FormatDouble(d),
        _ => Convert.ToString(scalar, CultureInfo.InvariantCulture) ?? "",
    };

    public static string FormatDouble(double value)
    {
        if (double.IsNaN(value))
        {
            return "nan";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "inf" : "-inf";
        }

        return value.ToString("R", CultureInfo.InvariantCulture);
    }

    private static void MergeInto(JsonObject target, JsonObject overlay)
    {
        foreach (var (key, child) in overlay)
        {
            if (child is null)
            {
                target.Remove(key);
            }
            else if (child is JsonObject childObject && target[key] is JsonObject existing)
            {
                MergeInto(existing, childObject);
            }
            else
            {
                target[key] = Normalize(child);
            }
        }
    }

    private static JsonArray NormalizeArray(JsonArray array)
    {
        var copy = new JsonArray();
        foreach (var item in array)
        {
            copy.Add(Normalize(item));
        }

        return copy;
    }

    private static object ReadElement(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString()!,
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Number when element.TryGetInt64(out var l) => l,
        JsonValueKind.Number => element.TryGetDouble(out var d) ? d : ParseOverflow(element.GetRawText()),
        _ => throw new InvalidOperationException($"Expected a JSON scalar, got {element.ValueKind}"),
    };

    // A JSON number outside the double range (1e400): keep its sign, validation rejects infinities.
    private static double ParseOverflow(string raw) =>
        raw.StartsWith('-') ? double.NegativeInfinity : double.PositiveInfinity;

    private static bool ScalarEquals(object left, object right) => (left, right) switch
    {
        (string a, string b) => string.Equals(a, b, StringComparison.Ordinal),
        (bool a, bool b) => a == b,
        (long a, long b) => a == b,
        (double a, double b) => a.Equals(b),
        _ => false,
    };
}
