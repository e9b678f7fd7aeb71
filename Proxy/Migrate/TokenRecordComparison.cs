using System.Text.Json;
using Grok2Api.Storage.Tokens;

namespace Grok2Api.Proxy.Migrate;

/// <summary>Compares token records field by field (tags in order, unknown fields by JSON value).</summary>
internal static class TokenRecordComparison
{
    /// <summary>The name of the first field that differs, or null when the records are the same.</summary>
    public static string? FirstDifference(PooledToken expected, PooledToken actual)
    {
        var a = expected.Token;
        var b = actual.Token;
        return !string.Equals(expected.Pool, actual.Pool, StringComparison.Ordinal) ? "pool"
            : !string.Equals(a.Token, b.Token, StringComparison.Ordinal) ? "token"
            : a.Status != b.Status ? "status"
            : a.Quota != b.Quota ? "quota"
            : a.CreatedAt != b.CreatedAt ? "created_at"
            : a.LastUsedAt != b.LastUsedAt ? "last_used_at"
            : a.UseCount != b.UseCount ? "use_count"
            : a.FailCount != b.FailCount ? "fail_count"
            : a.LastFailAt != b.LastFailAt ? "last_fail_at"
            : !string.Equals(a.LastFailReason, b.LastFailReason, StringComparison.Ordinal) ? "last_fail_reason"
            : a.LastSyncAt != b.LastSyncAt ? "last_sync_at"
            : !a.Tags.SequenceEqual(b.Tags, StringComparer.Ordinal) ? "tags"
            : !string.Equals(a.Note, b.Note, StringComparison.Ordinal) ? "note"
            : a.LastAssetClearAt != b.LastAssetClearAt ? "last_asset_clear_at"
            : ExtraDifference(a.Extra, b.Extra);
    }

    private static string? ExtraDifference(Dictionary<string, JsonElement>? expected, Dictionary<string, JsonElement>? actual)
    {
        expected ??= [];
        actual ??= [];
        foreach (var (key, value) in expected)
        {
            if (!actual.TryGetValue(key, out var other) || !JsonElement.DeepEquals(value, other))
            {
                return key;
            }
        }

        return actual.Keys.FirstOrDefault(k => !expected.ContainsKey(k));
    }
}
