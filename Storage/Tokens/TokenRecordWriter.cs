using System.Text.Json;

namespace Grok2Api.Storage.Tokens;

/// <summary>
/// Writes one <see cref="StoredToken"/> as a <c>token.json</c> record, the counterpart of
/// <see cref="TokenRecordReader"/>: the original's field order and snake_case names, nulls written
/// (the original writes <c>"last_used_at": null</c>), the status as its lower-case name, missing
/// tags and note as empty, then the kept unknown fields (those named like a known field are left
/// out: they would write the field twice).
/// </summary>
internal static class TokenRecordWriter
{
    /// <summary>Writes <paramref name="token"/> as one JSON object.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="token">The record.</param>
    public static void Write(Utf8JsonWriter writer, StoredToken token)
    {
        writer.WriteStartObject();
        writer.WriteString("token"u8, token.Token);
        writer.WriteString("status"u8, TokenStatusNames.Of(token.Status));
        writer.WriteNumber("quota"u8, token.Quota);
        WriteNumber(writer, "created_at"u8, token.CreatedAt);
        WriteNumber(writer, "last_used_at"u8, token.LastUsedAt);
        writer.WriteNumber("use_count"u8, token.UseCount);
        writer.WriteNumber("fail_count"u8, token.FailCount);
        WriteNumber(writer, "last_fail_at"u8, token.LastFailAt);
        writer.WriteString("last_fail_reason"u8, token.LastFailReason);
        WriteNumber(writer, "last_sync_at"u8, token.LastSyncAt);
        writer.WriteStartArray("tags"u8);
        foreach (var tag in token.Tags ?? [])
        {
            writer.WriteStringValue(tag);
        }

        writer.WriteEndArray();
        writer.WriteString("note"u8, token.Note ?? "");
        WriteNumber(writer, "last_asset_clear_at"u8, token.LastAssetClearAt);
        foreach (var (name, value) in token.Extra ?? [])
        {
            if (!TokenRecordReader.IsKnownField(name))
            {
                writer.WritePropertyName(name);
                value.WriteTo(writer);
            }
        }

        writer.WriteEndObject();
    }

    private static void WriteNumber(Utf8JsonWriter writer, ReadOnlySpan<byte> name, long? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, number);
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
