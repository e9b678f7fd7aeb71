using Grok2Api.Storage.Tokens;

namespace Grok2Api.AdminApi.Tokens;

/// <summary>
/// A token as the admin API shows it: never the token itself, only its public id and mask, with the
/// status as its lower-case name.
/// </summary>
public sealed record AdminTokenView(
    string Id,
    string TokenMasked,
    string Pool,
    string Status,
    int Quota,
    int UseCount,
    int FailCount,
    IReadOnlyList<string> Tags,
    string Note,
    long? CreatedAt,
    long? LastUsedAt,
    long? LastSyncAt,
    long? LastFailAt,
    string? LastFailReason,
    long? LastAssetClearAt)
{
    internal static AdminTokenView From(PooledToken pooled)
    {
        var token = pooled.Token;
        return new AdminTokenView(
            TokenIdentity.IdOf(token.Token),
            TokenIdentity.Mask(token.Token),
            pooled.Pool,
            TokenStatusNames.Of(token.Status),
            token.Quota,
            token.UseCount,
            token.FailCount,
            token.Tags,
            token.Note,
            token.CreatedAt,
            token.LastUsedAt,
            token.LastSyncAt,
            token.LastFailAt,
            token.LastFailReason,
            token.LastAssetClearAt);
    }
}
