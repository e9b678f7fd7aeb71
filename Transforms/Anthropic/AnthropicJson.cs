using System.Runtime.InteropServices;
using System.Text;
using Grok2Api.Transforms.Json;

namespace Grok2Api.Transforms.Anthropic;

/// <summary>Small readers of request JSON that answer with an Anthropic 400 naming the field (paths like <c>messages.0.content.1.type</c>).</summary>
internal static class AnthropicJson
{
    /// <summary>A property that is present and not JSON null.</summary>
    public static bool TryGet(JsonElement obj, string name, out JsonElement value) =>
        obj.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;

    public static AnthropicError Invalid(string path, string message) => AnthropicError.InvalidRequest($"{path}: {message}");

    public static AnthropicError Missing(string path) => Invalid(path, "Field required");

    public static AnthropicError WrongType(string path, string expected, JsonValueKind actual) =>
        Invalid(path, $"Input should be {expected}, not {JsonKindNames.Describe(actual)}");

    /// <summary>The path of an array's item: <c>messages.0</c>.</summary>
    public static string Index(string path, int index) => path + "." + index.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Reads a value that must be an object with a required string <c>type</c>: a content block, or a
    /// kinded field such as <c>thinking</c> or <c>tool_choice</c>.
    /// </summary>
    public static AnthropicError? TypedObject(JsonElement value, string path, out string type)
    {
        type = string.Empty;
        return value.ValueKind != JsonValueKind.Object
            ? WrongType(path, "an object", value.ValueKind)
            : RequiredString(value, "type", path + ".type", out type);
    }

    public static AnthropicError? String(JsonElement value, string path, out string text)
    {
        text = string.Empty;
        if (value.ValueKind != JsonValueKind.String)
        {
            return WrongType(path, "a string", value.ValueKind);
        }

        text = value.GetString()!;
        return null;
    }

    public static AnthropicError? RequiredString(JsonElement obj, string name, string path, out string text)
    {
        text = string.Empty;
        return TryGet(obj, name, out var value) ? String(value, path, out text) : Missing(path);
    }

    public static AnthropicError? RequiredObject(JsonElement obj, string name, string path, out JsonElement value)
    {
        if (!TryGet(obj, name, out value))
        {
            return Missing(path);
        }

        return value.ValueKind == JsonValueKind.Object ? null : WrongType(path, "an object", value.ValueKind);
    }

    public static AnthropicError? OptionalBoolean(JsonElement obj, string name, out bool? flag, string? path = null)
    {
        flag = null;
        if (!TryGet(obj, name, out var value))
        {
            return null;
        }

        if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            return WrongType(path ?? name, "a boolean", value.ValueKind);
        }

        flag = value.GetBoolean();
        return null;
    }

    public static AnthropicError? OptionalNumber(JsonElement obj, string name, double min, double max, out double? number)
    {
        number = null;
        if (!TryGet(obj, name, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var x) || !double.IsFinite(x))
        {
            return WrongType(name, "a number", value.ValueKind);
        }

        if (x < min || x > max)
        {
            return Invalid(name, $"Input should be between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)}");
        }

        number = x;
        return null;
    }

    /// <summary>An integer of at least <paramref name="min"/>; values above <see cref="int.MaxValue"/> are taken as <see cref="int.MaxValue"/>.</summary>
    public static AnthropicError? Integer(JsonElement value, string path, int min, out int number)
    {
        number = 0;
        if (value.ValueKind != JsonValueKind.Number)
        {
            return WrongType(path, "an integer", value.ValueKind);
        }

        if (!value.TryGetInt64(out var x))
        {
            if (value.TryGetDouble(out var d) && d > int.MaxValue && Math.Floor(d) == d)
            {
                number = int.MaxValue;
                return null;
            }

            return Invalid(path, "Input should be a valid integer");
        }

        if (x < min)
        {
            return Invalid(path, $"Input should be greater than or equal to {min.ToString(CultureInfo.InvariantCulture)}");
        }

        number = (int)Math.Min(x, int.MaxValue);
        return null;
    }

    /// <summary>The unescaped UTF-8 of a JSON string value (the raw bytes when it has no escapes).</summary>
    public static ReadOnlySpan<byte> Utf8Of(JsonElement value)
    {
        var raw = JsonMarshal.GetRawUtf8Value(value);
        var inner = raw[1..^1];
        return inner.IndexOf((byte)'\\') < 0 ? inner : Encoding.UTF8.GetBytes(value.GetString()!);
    }

    /// <summary>A client's value quoted in a message, cut when long.</summary>
    public static string Echo(string value) => value.Length <= 100 ? value : string.Concat(value.AsSpan(0, 100), "…");
}
