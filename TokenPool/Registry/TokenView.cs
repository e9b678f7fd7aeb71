using Grok2Api.Storage.Tokens;

namespace Grok2Api.TokenPool.Registry;

/// <summary>What the admin API shows of a token: never the token itself, only its id and mask.</summary>
public sealed record TokenView(
    string Id,
    string TokenMasked,
    string Pool,
    TokenStatus Status,
    int Quota,
    int UseCount,
    int FailCount,
    IReadOnlyList<string> Tags,
    string Note,
    long? CreatedAt,
    long? LastUsedAt,
    long? LastSyncAt,
    long? LastFailAt,
    string? LastFailReason);
