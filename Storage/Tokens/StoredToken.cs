using System.Text.Json;

namespace Grok2Api.Storage.Tokens;

/// <summary>
/// One token record exactly as <c>token.json</c> holds it (read by <see cref="TokenRecordReader"/>,
/// written by <see cref="TokenRecordWriter"/>), properties in the file's field order. Timestamps are
/// milliseconds since the Unix epoch. Fields this version does not know are kept in
/// <see cref="Extra"/> and written back unchanged, after the known ones.
/// </summary>
public sealed record StoredToken
{
    /// <summary>The bare SSO cookie value, without any <c>sso=</c> prefix.</summary>
    public required string Token { get; init; }

    /// <summary>Health status.</summary>
    public TokenStatus Status { get; init; } = TokenStatus.Active;

    /// <summary>Local estimate of the remaining upstream quota.</summary>
    public int Quota { get; init; }

    /// <summary>When the token was added.</summary>
    public long? CreatedAt { get; init; }

    /// <summary>When the token last served a request.</summary>
    public long? LastUsedAt { get; init; }

    /// <summary>Quota units consumed in total.</summary>
    public int UseCount { get; init; }

    /// <summary>Consecutive credential rejections.</summary>
    public int FailCount { get; init; }

    /// <summary>When the last failure happened.</summary>
    public long? LastFailAt { get; init; }

    /// <summary>Why the last failure happened, e.g. <c>app_chat_auth_failed</c>.</summary>
    public string? LastFailReason { get; init; }

    /// <summary>When the quota was last re-synced from the upstream.</summary>
    public long? LastSyncAt { get; init; }

    /// <summary>Labels, e.g. <c>nsfw</c>.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Admin note.</summary>
    public string Note { get; init; } = "";

    /// <summary>When the account's online assets were last cleared.</summary>
    public long? LastAssetClearAt { get; init; }

    /// <summary>Fields of the record this version does not know; preserved on write.</summary>
    public Dictionary<string, JsonElement>? Extra { get; init; }
}
