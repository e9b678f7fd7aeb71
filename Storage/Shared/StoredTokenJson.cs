using System.Text.Json;

namespace Grok2Api.Storage.Shared;

/// <summary>The JSON texts of a token record's list-like fields in a shared store: tags (an array of strings) and the unknown fields (an object).</summary>
internal static class StoredTokenJson
{
    public static string WriteTags(IReadOnlyList<string> tags) =>
        JsonSerializer.Serialize(tags as List<string> ?? [.. tags], StoreRecordJsonContext.Default.ListString);

    public static IReadOnlyList<string> ReadTags(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }

        try
        {
            return JsonSerializer.Deserialize(text, StoreRecordJsonContext.Default.ListString) is { } tags ? [.. tags.Where(t => t is not null)] : [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    public static string? WriteExtra(Dictionary<string, JsonElement>? extra) =>
        extra is null || extra.Count == 0 ? null : JsonSerializer.Serialize(extra, StoreRecordJsonContext.Default.DictionaryStringJsonElement);

    public static Dictionary<string, JsonElement>? ReadExtra(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(text, StoreRecordJsonContext.Default.DictionaryStringJsonElement);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The status name stored for <paramref name="token"/>.</summary>
    public static string Status(StoredToken token) => TokenStatusNames.Of(token.Status);
}
