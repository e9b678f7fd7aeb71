using System.Globalization;
using System.Text.Json;

namespace Grok2Api.Storage.Tokens;

/// <summary>
/// Reads one record object of <c>token.json</c> leniently: numbers may be floats or numeric strings,
/// timestamps may be null, a missing quota gets the pool default, an unknown status becomes active,
/// a field of the wrong type gets its default (with a warning), and unknown fields are kept.
/// </summary>
/// <param name="pool">The pool being read.</param>
/// <param name="nowMs">The time given to records without <c>created_at</c>.</param>
/// <param name="warnings">Where repairs are reported.</param>
internal sealed class TokenRecordReader(string pool, long nowMs, List<TokenFileWarning> warnings)
{
    private static readonly HashSet<string> KnownFields = new(StringComparer.Ordinal)
    {
        "token", "status", "quota", "created_at", "last_used_at", "use_count", "fail_count", "last_fail_at",
        "last_fail_reason", "last_sync_at", "tags", "note", "last_asset_clear_at",
    };

    /// <summary>Whether <paramref name="name"/> is one of the record fields this version knows.</summary>
    /// <param name="name">A JSON property name.</param>
    public static bool IsKnownField(string name) => KnownFields.Contains(name);

    /// <summary>A record for a bare-string entry: every field at its default.</summary>
    /// <param name="token">The bare token.</param>
    public StoredToken FromBareString(string token) => new()
    {
        Token = token,
        Quota = TokenDefaults.QuotaFor(pool),
        CreatedAt = nowMs,
    };

    /// <summary>Reads a record object whose token value is <paramref name="token"/> (already normalized and checked).</summary>
    /// <param name="record">The JSON object.</param>
    /// <param name="token">The bare token.</param>
    /// <param name="index">The position of the entry in its pool, for warnings.</param>
    public StoredToken FromObject(JsonElement record, string token, int index)
    {
        var context = new FieldContext(this, index, TokenIdentity.IdOf(token));
        Dictionary<string, JsonElement>? extra = null;
        var result = new StoredToken { Token = token, Quota = TokenDefaults.QuotaFor(pool), CreatedAt = nowMs };
        foreach (var property in record.EnumerateObject())
        {
            var value = property.Value;
            result = property.Name switch
            {
                "token" => result,
                "status" => result with { Status = context.Status(value) },
                "quota" => result with { Quota = context.Int(value, property.Name) ?? TokenDefaults.QuotaFor(pool) },
                "created_at" => result with { CreatedAt = context.Long(value, property.Name) ?? nowMs },
                "last_used_at" => result with { LastUsedAt = context.Long(value, property.Name) },
                "use_count" => result with { UseCount = context.Int(value, property.Name) ?? 0 },
                "fail_count" => result with { FailCount = context.Int(value, property.Name) ?? 0 },
                "last_fail_at" => result with { LastFailAt = context.Long(value, property.Name) },
                "last_fail_reason" => result with { LastFailReason = context.String(value, property.Name) },
                "last_sync_at" => result with { LastSyncAt = context.Long(value, property.Name) },
                "tags" => result with { Tags = context.Tags(value) },
                "note" => result with { Note = context.String(value, property.Name) ?? "" },
                "last_asset_clear_at" => result with { LastAssetClearAt = context.Long(value, property.Name) },
                _ => result,
            };

            if (!IsKnownField(property.Name))
            {
                extra ??= new Dictionary<string, JsonElement>(StringComparer.Ordinal);
                extra[property.Name] = value.Clone();
            }
        }

        return extra is null ? result : result with { Extra = extra };
    }

    private void Warn(int index, string tokenId, string message) => warnings.Add(new TokenFileWarning(pool, index, tokenId, message));

    private readonly struct FieldContext(TokenRecordReader reader, int index, string tokenId)
    {
        public TokenStatus Status(JsonElement value)
        {
            if (value.ValueKind == JsonValueKind.Null)
            {
                return TokenStatus.Active;
            }

            var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
            if (value.ValueKind == JsonValueKind.String && TokenStatusNames.TryParse(text, out var known))
            {
                return known;
            }

            reader.Warn(index, tokenId, $"unknown status '{Truncate(text)}' read as active");
            return TokenStatus.Active;
        }

        public long? Long(JsonElement value, string field)
        {
            switch (value.ValueKind)
            {
                case JsonValueKind.Null:
                    return null;
                case JsonValueKind.Number when value.TryGetInt64(out var exact):
                    return exact;
                case JsonValueKind.Number:
                    return FromDouble(value.GetDouble(), field);
                case JsonValueKind.String when double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed):
                    return FromDouble(parsed, field);
                default:
                    reader.Warn(index, tokenId, $"field '{field}' is not a number; its default is used");
                    return null;
            }
        }

        public int? Int(JsonElement value, string field)
        {
            var number = Long(value, field);
            return number is null ? null : (int)Math.Clamp(number.Value, int.MinValue, int.MaxValue);
        }

        public string? String(JsonElement value, string field)
        {
            switch (value.ValueKind)
            {
                case JsonValueKind.String:
                    return value.GetString();
                case JsonValueKind.Null:
                    return null;
                default:
                    reader.Warn(index, tokenId, $"field '{field}' is not a string; its default is used");
                    return null;
            }
        }

        public IReadOnlyList<string> Tags(JsonElement value)
        {
            if (value.ValueKind == JsonValueKind.Null)
            {
                return [];
            }

            if (value.ValueKind != JsonValueKind.Array)
            {
                reader.Warn(index, tokenId, "field 'tags' is not a list; read as no tags");
                return [];
            }

            var tags = new List<string>(value.GetArrayLength());
            foreach (var tag in value.EnumerateArray())
            {
                if (tag.ValueKind == JsonValueKind.String)
                {
                    tags.Add(tag.GetString()!);
                }
                else
                {
                    reader.Warn(index, tokenId, "a tag that is not a string was skipped");
                }
            }

            return tags;
        }

        private long? FromDouble(double number, string field)
        {
            if (double.IsFinite(number) && Math.Abs(number) < 9.2e18)
            {
                return (long)Math.Truncate(number);
            }

            reader.Warn(index, tokenId, $"field '{field}' is out of range; its default is used");
            return null;
        }

        private static string Truncate(string text) => text.Length <= 32 ? text : string.Concat(text.AsSpan(0, 32), "…");
    }
}
