using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Grok2Api.Configuration;

/// <summary>
/// Converts one stored value to the type of its key. Lenient where the original's admin page was
/// sloppy (numbers and booleans saved as strings, lists saved as JSON text, 60.0 for an integer),
/// strict where a value would be silently changed (60.5 for an integer, "yes" for a boolean).
/// </summary>
internal static class ConfigValueCoercer
{
    /// <summary>The value as its key's type, or <see langword="null"/> after adding an error.</summary>
    public static JsonNode? Coerce(ConfigKeyInfo key, JsonNode? value, List<string> errors)
    {
        switch (key.Kind)
        {
            case ConfigValueKind.Integer:
                return Scalar(key, key.Path, value, TryInteger, "an integer", errors);
            case ConfigValueKind.Float:
                return Scalar(key, key.Path, value, TryFloat, "a number", errors);
            case ConfigValueKind.Boolean:
                return Scalar(key, key.Path, value, TryBoolean, "true or false", errors);
            case ConfigValueKind.String:
                return Scalar(key, key.Path, value, TryString, "a string", errors);
            case ConfigValueKind.StringList:
                return List(key, value, TryString, "a string", "strings", errors);
            case ConfigValueKind.IntegerList:
                return List(key, value, TryInteger, "an integer", "integers", errors);
            case ConfigValueKind.IntegerTable:
                return Table(key, value, TryInteger, "an integer", "integers", errors);
            default:
                throw new InvalidOperationException($"Unknown kind {key.Kind}");
        }
    }

    /// <summary>
    /// A copy of an admin patch whose values for known keys are stored in their own type
    /// (<c>"4"</c> becomes <c>4</c>, <c>5</c> for a float key becomes <c>5.0</c>); values that do not
    /// convert are kept as sent, for validation to report.
    /// </summary>
    public static JsonObject Canonicalize(JsonObject patch)
    {
        var result = new JsonObject();
        foreach (var (name, node) in patch)
        {
            if (node is JsonObject table && ConfigSchema.FindSection(name) is { } section)
            {
                var copy = new JsonObject();
                foreach (var (key, value) in table)
                {
                    var info = section.Find(key);
                    copy[key] = info is null || value is null
                        ? ConfigTree.Normalize(value)
                        : ConfigTree.Normalize(Coerce(info, value, []) ?? value);
                }

                result[name] = copy;
            }
            else
            {
                result[name] = ConfigTree.Normalize(node);
            }
        }

        return result;
    }

    /// <summary>How a value is shown in a message, with secrets masked whatever their type.</summary>
    public static string Show(string keyName, JsonNode? value) => ConfigSecrets.Describe(keyName, value);

    private delegate JsonNode? Converter(JsonNode? value);

    private static JsonNode? Scalar(ConfigKeyInfo key, string path, JsonNode? value, Converter convert, string expected, List<string> errors)
    {
        var converted = convert(value);
        if (converted is null)
        {
            errors.Add($"{path}: expected {expected}, got {Show(key.Name, value)}");
        }

        return converted;
    }

    /// <summary>
    /// <paramref name="value"/> as a <typeparamref name="TNode"/>, or the JSON text of one: the original
    /// admin page edited lists and tables as JSON text and sometimes saved that text.
    /// </summary>
    private static TNode? AsNodeOrJsonText<TNode>(JsonNode? value, char opening)
        where TNode : JsonNode
    {
        if (value is TNode node)
        {
            return node;
        }

        if (value is not JsonValue scalar || ConfigTree.ReadScalar(scalar) is not string text || !text.TrimStart().StartsWith(opening))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(text) as TNode;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static JsonArray? List(ConfigKeyInfo key, JsonNode? value, Converter convert, string expected, string expectedPlural, List<string> errors)
    {
        if (AsNodeOrJsonText<JsonArray>(value, '[') is not { } items)
        {
            errors.Add($"{key.Path}: expected a list of {expectedPlural}, got {Show(key.Name, value)}");
            return null;
        }

        var result = new JsonArray();
        var ok = true;
        for (var i = 0; i < items.Count; i++)
        {
            var converted = Scalar(key, $"{key.Path}[{i}]", items[i], convert, expected, errors);
            ok &= converted is not null;
            result.Add(converted);
        }

        return ok ? result : null;
    }

    private static JsonObject? Table(ConfigKeyInfo key, JsonNode? value, Converter convert, string expected, string expectedPlural, List<string> errors)
    {
        if (AsNodeOrJsonText<JsonObject>(value, '{') is not { } table)
        {
            errors.Add($"{key.Path}: expected a table of names to {expectedPlural}, got {Show(key.Name, value)}");
            return null;
        }

        var result = new JsonObject();
        var ok = true;
        foreach (var (name, item) in table)
        {
            var converted = Scalar(key, $"{key.Path}.{name}", item, convert, expected, errors);
            ok &= converted is not null;
            result[name] = converted;
        }

        return ok ? result : null;
    }

    private static JsonNode? TryInteger(JsonNode? value)
    {
        var number = value is JsonValue scalar ? ConfigTree.ReadScalar(scalar) : null;
        if (number is string text)
        {
            var trimmed = text.Trim();
            number = long.TryParse(trimmed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed)
                ? parsed
                : double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) ? real : null;
        }

        return number switch
        {
            long l when l is >= int.MinValue and <= int.MaxValue => JsonValue.Create((int)l),
            double d when double.IsFinite(d) && Math.Floor(d) == d && d is >= int.MinValue and <= int.MaxValue => JsonValue.Create((int)d),
            _ => null,
        };
    }

    private static JsonNode? TryFloat(JsonNode? value)
    {
        var number = value is JsonValue scalar ? ConfigTree.ReadScalar(scalar) : null;
        if (number is string text)
        {
            number = double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
        }

        return number switch
        {
            long l => JsonValue.Create((double)l),
            double d when double.IsFinite(d) => JsonValue.Create(d),
            _ => null,
        };
    }

    private static JsonNode? TryBoolean(JsonNode? value) =>
        (value is JsonValue scalar ? ConfigTree.ReadScalar(scalar) : null) switch
        {
            bool b => JsonValue.Create(b),
            string s when s.Trim().Equals("true", StringComparison.OrdinalIgnoreCase) => JsonValue.Create(true),
            string s when s.Trim().Equals("false", StringComparison.OrdinalIgnoreCase) => JsonValue.Create(false),
            _ => null,
        };

    private static JsonNode? TryString(JsonNode? value) =>
        (value is JsonValue scalar ? ConfigTree.ReadScalar(scalar) : null) switch
        {
            string s => JsonValue.Create(s),
            long l => JsonValue.Create(l.ToString(CultureInfo.InvariantCulture)),
            double d when double.IsFinite(d) => JsonValue.Create(d.ToString("R", CultureInfo.InvariantCulture)),
            _ => null,
        };
}
