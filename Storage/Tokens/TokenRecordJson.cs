using System.Text.Json;
using System.Text.Json.Serialization;

namespace Grok2Api.Storage.Tokens;

/// <summary>The write shape of one <c>token.json</c> record: the original's field order, unknown fields last.</summary>
internal sealed class TokenRecordJson
{
    public string Token { get; set; } = "";

    public TokenStatus Status { get; set; }

    public int Quota { get; set; }

    public long? CreatedAt { get; set; }

    public long? LastUsedAt { get; set; }

    public int UseCount { get; set; }

    public int FailCount { get; set; }

    public long? LastFailAt { get; set; }

    public string? LastFailReason { get; set; }

    public long? LastSyncAt { get; set; }

    public IReadOnlyList<string> Tags { get; set; } = [];

    public string Note { get; set; } = "";

    public long? LastAssetClearAt { get; set; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Extra { get; set; }

    /// <summary>The write shape of <paramref name="token"/>; extras named like a known field are left out (they would write the field twice).</summary>
    public static TokenRecordJson From(StoredToken token) => new()
    {
        Token = token.Token,
        Status = token.Status,
        Quota = token.Quota,
        CreatedAt = token.CreatedAt,
        LastUsedAt = token.LastUsedAt,
        UseCount = token.UseCount,
        FailCount = token.FailCount,
        LastFailAt = token.LastFailAt,
        LastFailReason = token.LastFailReason,
        LastSyncAt = token.LastSyncAt,
        Tags = token.Tags ?? [],
        Note = token.Note ?? "",
        LastAssetClearAt = token.LastAssetClearAt,
        Extra = token.Extra is { Count: > 0 } extra && extra.Keys.Any(TokenRecordReader.IsKnownField)
            ? extra.Where(e => !TokenRecordReader.IsKnownField(e.Key)).ToDictionary(StringComparer.Ordinal)
            : token.Extra,
    };
}
