using System.Text.Json;

namespace Grok2Api.Proxy.Public;

/// <summary>Reads JSON strings of client bodies: a string with a lone surrogate (which <see cref="JsonElement.GetString"/> refuses) counts as no string.</summary>
internal static class PublicJson
{
    /// <summary>The string value of <paramref name="value"/>, or null when it is not a readable string.</summary>
    public static string? StringOf(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}
