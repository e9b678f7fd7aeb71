using System.Globalization;
using System.Text.Json;
using StackExchange.Redis;

namespace Grok2Api.Storage.Redis;

/// <summary>
/// A token record as the fields of its hash (<c>g2a:token:{id}</c>): numbers as decimal text, the
/// status as its lower-case name, tags as a JSON array, the unknown fields (<see cref="StoredToken.Extra"/>)
/// as a JSON object. A null field is absent from the hash (deleted on write, never left stale).
/// </summary>
internal static class RedisTokenHash
{
    public const string Token = "token";
    public const string Pool = "pool";
    public const string Status = "status";
    public const string Quota = "quota";
    public const string UseCount = "use_count";
    public const string CreatedAt = "created_at";
    public const string LastUsedAt = "last_used_at";
    public const string FailCount = "fail_count";
    public const string LastFailAt = "last_fail_at";
    public const string LastFailReason = "last_fail_reason";
    public const string LastSyncAt = "last_sync_at";
    public const string Tags = "tags";
    public const string Note = "note";
    public const string LastAssetClearAt = "last_asset_clear_at";
    public const string Extra = "extra";

    // The fields an update can name, each with how its value is written. One table serves whole
    // records and updates, so a field added to the record is written the same way by both.
    private static readonly (TokenFields Flag, string Field, Func<PooledToken, string?> Value)[] Settable =
    [
        (TokenFields.Pool, Pool, t => t.Pool),
        (TokenFields.Quota, Quota, t => Number(t.Token.Quota)),
        (TokenFields.UseCount, UseCount, t => Number(t.Token.UseCount)),
        (TokenFields.CreatedAt, CreatedAt, t => Number(t.Token.CreatedAt)),
        (TokenFields.LastUsedAt, LastUsedAt, t => Number(t.Token.LastUsedAt)),
        (TokenFields.FailCount, FailCount, t => Number(t.Token.FailCount)),
        (TokenFields.LastFailAt, LastFailAt, t => Number(t.Token.LastFailAt)),
        (TokenFields.LastFailReason, LastFailReason, t => t.Token.LastFailReason),
        (TokenFields.LastSyncAt, LastSyncAt, t => Number(t.Token.LastSyncAt)),
        (TokenFields.Tags, Tags, t => TagsJson(t.Token.Tags)),
        (TokenFields.Note, Note, t => t.Token.Note ?? ""),
        (TokenFields.LastAssetClearAt, LastAssetClearAt, t => Number(t.Token.LastAssetClearAt)),
    ];

    /// <summary>Every field of a whole record; the value is null for a field to delete.</summary>
    /// <param name="token">The record and pool.</param>
    public static IEnumerable<(string Field, string? Value)> All(PooledToken token)
    {
        yield return (Token, token.Token.Token);
        yield return (Status, TokenStatusNames.Of(token.Token.Status));
        foreach (var (_, field, value) in Settable)
        {
            yield return (field, value(token));
        }

        yield return (Extra, ExtraJson(token.Token.Extra));
    }

    /// <summary>
    /// The fields an update writes as values (not the status, which the store guards, nor the
    /// quota and use count when they move by deltas); the value is null for a field to delete.
    /// </summary>
    /// <param name="update">The update.</param>
    public static IEnumerable<(string Field, string? Value)> Named(TokenUpdate update)
    {
        foreach (var (flag, field, value) in Settable)
        {
            if ((update.Fields & flag) != 0)
            {
                yield return (field, value(update.Values));
            }
        }
    }

    /// <summary>Reads a hash back; null when it holds no token (deleted, or not a record).</summary>
    /// <param name="entries">The hash.</param>
    public static PooledToken? Read(HashEntry[] entries)
    {
        if (entries.Length == 0)
        {
            return null;
        }

        var map = new Dictionary<string, string>(entries.Length, StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            map[entry.Name.ToString()] = entry.Value.ToString();
        }

        if (!map.TryGetValue(Token, out var token) || token.Length == 0)
        {
            return null;
        }

        var record = new StoredToken
        {
            Token = token,
            Status = TokenStatusNames.TryParse(map.GetValueOrDefault(Status), out var status) ? status : TokenStatus.Active,
            Quota = (int)Math.Clamp(Long(map, Quota) ?? 0, int.MinValue, int.MaxValue),
            UseCount = (int)Math.Clamp(Long(map, UseCount) ?? 0, int.MinValue, int.MaxValue),
            CreatedAt = Long(map, CreatedAt),
            LastUsedAt = Long(map, LastUsedAt),
            FailCount = (int)Math.Clamp(Long(map, FailCount) ?? 0, int.MinValue, int.MaxValue),
            LastFailAt = Long(map, LastFailAt),
            LastFailReason = map.GetValueOrDefault(LastFailReason),
            LastSyncAt = Long(map, LastSyncAt),
            Tags = ReadTags(map.GetValueOrDefault(Tags)),
            Note = map.GetValueOrDefault(Note) ?? "",
            LastAssetClearAt = Long(map, LastAssetClearAt),
            Extra = ReadExtra(map.GetValueOrDefault(Extra)),
        };
        return new PooledToken(map.GetValueOrDefault(Pool) ?? TokenPools.Basic, record);
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string? Number(long? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static long? Long(Dictionary<string, string> map, string field) =>
        map.TryGetValue(field, out var text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static string TagsJson(IReadOnlyList<string>? tags)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var tag in tags ?? [])
            {
                writer.WriteStringValue(tag);
            }

            writer.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static string? ExtraJson(Dictionary<string, JsonElement>? extra)
    {
        if (extra is null)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in extra)
            {
                writer.WritePropertyName(name);
                value.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static List<string> ReadTags(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return [];
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Array
                ? [.. document.RootElement.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)]
                : [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private static Dictionary<string, JsonElement>? ReadExtra(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var extra = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                extra[property.Name] = property.Value.Clone();
            }

            return extra;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
