using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Grok2Api.Storage.Tokens;

/// <summary>
/// Reads one record object of <c>token.json</c> leniently, straight from a <see cref="Utf8JsonReader"/>
/// (no document object per record): numbers may be floats or numeric strings, timestamps may be
/// null, a missing quota gets the pool default, an unknown status becomes active, a field of the
/// wrong type gets its default (with a warning), and unknown fields are kept.
/// </summary>
/// <param name="pool">The pool being read.</param>
/// <param name="nowMs">The time given to records without <c>created_at</c>.</param>
internal sealed class TokenRecordReader(string pool, long nowMs)
{
    private static readonly HashSet<string> KnownFields = new(StringComparer.Ordinal)
    {
        "token", "status", "quota", "created_at", "last_used_at", "use_count", "fail_count", "last_fail_at",
        "last_fail_reason", "last_sync_at", "tags", "note", "last_asset_clear_at",
    };

    // Repairs of the record being read: handed out with it, and reported only if the record is kept.
    private readonly List<string> _pending = [];

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

    /// <summary>
    /// Reads the record object the reader stands on (its <see cref="JsonTokenType.StartObject"/>) up to
    /// its end. Its token is the last <c>token</c> property that is a string, normalized
    /// (<see cref="TokenIdentity.Normalize"/>); a record without one, or with a blank one, is null.
    /// </summary>
    /// <param name="reader">The reader, on the record's start; left on its end.</param>
    /// <param name="repairs">What was repaired in the record (a field of the wrong type, an unknown status), or null.</param>
    public StoredToken? ReadObject(ref Utf8JsonReader reader, out string[]? repairs)
    {
        _pending.Clear();
        string? token = null;
        Dictionary<string, JsonElement>? extra = null;
        var defaultQuota = TokenDefaults.QuotaFor(pool);
        var status = TokenStatus.Active;
        var quota = defaultQuota;
        long? createdAt = nowMs;
        long? lastUsedAt = null;
        var useCount = 0;
        var failCount = 0;
        long? lastFailAt = null;
        string? lastFailReason = null;
        long? lastSyncAt = null;
        IReadOnlyList<string> tags = [];
        var note = "";
        long? lastAssetClearAt = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = Field(ref reader, out var unknownName);
            reader.Read();
            switch (field)
            {
                case KnownField.Token:
                    token = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                    reader.Skip();
                    break;
                case KnownField.Status:
                    status = Status(ref reader);
                    break;
                case KnownField.Quota:
                    quota = Int(ref reader, "quota") ?? defaultQuota;
                    break;
                case KnownField.CreatedAt:
                    createdAt = Long(ref reader, "created_at") ?? nowMs;
                    break;
                case KnownField.LastUsedAt:
                    lastUsedAt = Long(ref reader, "last_used_at");
                    break;
                case KnownField.UseCount:
                    useCount = Int(ref reader, "use_count") ?? 0;
                    break;
                case KnownField.FailCount:
                    failCount = Int(ref reader, "fail_count") ?? 0;
                    break;
                case KnownField.LastFailAt:
                    lastFailAt = Long(ref reader, "last_fail_at");
                    break;
                case KnownField.LastFailReason:
                    lastFailReason = String(ref reader, "last_fail_reason");
                    break;
                case KnownField.LastSyncAt:
                    lastSyncAt = Long(ref reader, "last_sync_at");
                    break;
                case KnownField.Tags:
                    tags = Tags(ref reader);
                    break;
                case KnownField.Note:
                    note = String(ref reader, "note") ?? "";
                    break;
                case KnownField.LastAssetClearAt:
                    lastAssetClearAt = Long(ref reader, "last_asset_clear_at");
                    break;
                default:
                    extra ??= new Dictionary<string, JsonElement>(StringComparer.Ordinal);
                    extra[unknownName!] = JsonElement.ParseValue(ref reader);
                    break;
            }
        }

        repairs = _pending.Count == 0 ? null : [.. _pending];
        var bare = TokenIdentity.Normalize(token);
        if (bare.Length == 0)
        {
            return null;
        }

        return new StoredToken
        {
            Token = bare,
            Status = status,
            Quota = quota,
            CreatedAt = createdAt,
            LastUsedAt = lastUsedAt,
            UseCount = useCount,
            FailCount = failCount,
            LastFailAt = lastFailAt,
            LastFailReason = lastFailReason,
            LastSyncAt = lastSyncAt,
            Tags = tags,
            Note = note,
            LastAssetClearAt = lastAssetClearAt,
            Extra = extra,
        };
    }

    private static KnownField Field(ref Utf8JsonReader reader, out string? name)
    {
        name = null;
        if (!reader.ValueIsEscaped)
        {
            var known = Match(reader.ValueSpan);
            if (known != KnownField.None)
            {
                return known;
            }

            name = reader.GetString();
            return KnownField.None;
        }

        name = reader.GetString()!;
        var match = Match(Encoding.UTF8.GetBytes(name));
        if (match != KnownField.None)
        {
            name = null;
        }

        return match;
    }

    private static KnownField Match(ReadOnlySpan<byte> name) => name switch
    {
        _ when name.SequenceEqual("token"u8) => KnownField.Token,
        _ when name.SequenceEqual("status"u8) => KnownField.Status,
        _ when name.SequenceEqual("quota"u8) => KnownField.Quota,
        _ when name.SequenceEqual("created_at"u8) => KnownField.CreatedAt,
        _ when name.SequenceEqual("last_used_at"u8) => KnownField.LastUsedAt,
        _ when name.SequenceEqual("use_count"u8) => KnownField.UseCount,
        _ when name.SequenceEqual("fail_count"u8) => KnownField.FailCount,
        _ when name.SequenceEqual("last_fail_at"u8) => KnownField.LastFailAt,
        _ when name.SequenceEqual("last_fail_reason"u8) => KnownField.LastFailReason,
        _ when name.SequenceEqual("last_sync_at"u8) => KnownField.LastSyncAt,
        _ when name.SequenceEqual("tags"u8) => KnownField.Tags,
        _ when name.SequenceEqual("note"u8) => KnownField.Note,
        _ when name.SequenceEqual("last_asset_clear_at"u8) => KnownField.LastAssetClearAt,
        _ => KnownField.None,
    };

    private void Warn(string message) => _pending.Add(message);

    private TokenStatus Status(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return TokenStatus.Active;
            case JsonTokenType.String:
                var text = reader.GetString()!;
                if (TokenStatusNames.TryParse(text, out var known))
                {
                    return known;
                }

                Warn($"unknown status '{Truncate(text)}' read as active");
                return TokenStatus.Active;
            default:
                Warn($"unknown status '{Truncate(RawText(ref reader))}' read as active");
                return TokenStatus.Active;
        }
    }

    private long? Long(ref Utf8JsonReader reader, string field)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.Number when reader.TryGetInt64(out var exact):
                return exact;
            case JsonTokenType.Number:
                return FromDouble(reader.GetDouble(), field);
            case JsonTokenType.String when double.TryParse(reader.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed):
                return FromDouble(parsed, field);
            default:
                reader.Skip();
                Warn($"field '{field}' is not a number; its default is used");
                return null;
        }
    }

    private int? Int(ref Utf8JsonReader reader, string field)
    {
        var number = Long(ref reader, field);
        return number is null ? null : (int)Math.Clamp(number.Value, int.MinValue, int.MaxValue);
    }

    private string? String(ref Utf8JsonReader reader, string field)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return reader.GetString();
            case JsonTokenType.Null:
                return null;
            default:
                reader.Skip();
                Warn($"field '{field}' is not a string; its default is used");
                return null;
        }
    }

    private IReadOnlyList<string> Tags(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return [];
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            Warn("field 'tags' is not a list; read as no tags");
            return [];
        }

        List<string>? tags = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.String)
            {
                (tags ??= []).Add(reader.GetString()!);
            }
            else
            {
                reader.Skip();
                Warn("a tag that is not a string was skipped");
            }
        }

        return tags is null ? [] : tags;
    }

    private long? FromDouble(double number, string field)
    {
        if (double.IsFinite(number) && Math.Abs(number) < 9.2e18)
        {
            return (long)Math.Truncate(number);
        }

        Warn($"field '{field}' is out of range; its default is used");
        return null;
    }

    /// <summary>The JSON text of the value the reader stands on (a number, a literal, an object or a list), which it then skips.</summary>
    private static string RawText(ref Utf8JsonReader reader)
    {
        if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
        {
            return JsonElement.ParseValue(ref reader).GetRawText();
        }

        return Encoding.UTF8.GetString(reader.ValueSpan);
    }

    private static string Truncate(string text) => text.Length <= 32 ? text : string.Concat(text.AsSpan(0, 32), "…");

    private enum KnownField
    {
        None,
        Token,
        Status,
        Quota,
        CreatedAt,
        LastUsedAt,
        UseCount,
        FailCount,
        LastFailAt,
        LastFailReason,
        LastSyncAt,
        Tags,
        Note,
        LastAssetClearAt,
    }
}
