using System.Text.Json;
using System.Text.Json.Nodes;

namespace Grok2Api.AdminApi;

/// <summary>
/// Turns a JSON request body into a <see cref="JsonObject"/> for the admin routes that read free-form
/// bodies (config patches, task requests). A body that names a property twice at any depth is
/// refused: it is ambiguous (which value did the operator mean?), and a <see cref="JsonObject"/> cannot
/// hold it anyway.
/// </summary>
internal static class AdminJsonBody
{
    /// <summary>The body as an object, null when absent; false (with the reason) when it repeats a property name.</summary>
    /// <param name="body">The bound body.</param>
    /// <param name="result">The object, or null.</param>
    /// <param name="problem">Why the body was refused.</param>
    public static bool TryRead(JsonElement? body, out JsonObject? result, out string? problem)
    {
        result = null;
        problem = null;
        if (body is not { } element || element.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return true;
        }

        string? repeated;
        try
        {
            repeated = FindRepeatedName(element);
        }
        catch (InvalidOperationException)
        {
            // A name whose escape does not decode to text (a lone surrogate, say).
            problem = "A property name is not valid text.";
            return false;
        }

        if (repeated is not null)
        {
            problem = $"The property name '{Printable(repeated)}' appears twice in one object.";
            return false;
        }

        result = element.ValueKind == JsonValueKind.Object ? JsonObject.Create(element) : null;
        if (result is null)
        {
            problem = "Must be a JSON object.";
            return false;
        }

        return true;
    }

    private static string? FindRepeatedName(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var names = new HashSet<string>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    if (!names.Add(property.Name))
                    {
                        return property.Name;
                    }

                    if (FindRepeatedName(property.Value) is { } inner)
                    {
                        return inner;
                    }
                }

                return null;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    if (FindRepeatedName(item) is { } inner)
                    {
                        return inner;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    /// <summary>The name as it may be shown: at most 64 characters, control characters and lone surrogates replaced.</summary>
    private static string Printable(string name)
    {
        var shown = name.Length > 64 ? name[..64] : name;
        var chars = shown.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (char.IsControl(chars[i]) || char.IsSurrogate(chars[i]))
            {
                chars[i] = '?';
            }
        }

        return new string(chars);
    }
}
