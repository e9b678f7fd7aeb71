using Grok2Api.TokenPool.Registry;

namespace Grok2Api.AdminApi.Tokens;

/// <summary>The TokenView of interfaces.md §6: a token as the admin API shows it, masked.</summary>
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
    string? LastFailReason)
{
    internal static AdminTokenView From(TokenView view) => new(
        view.Id,
        view.TokenMasked,
        view.Pool,
        TokenStatusNames.Of(view.Status),
        view.Quota,
        view.UseCount,
        view.FailCount,
        view.Tags,
        view.Note,
        view.CreatedAt,
        view.LastUsedAt,
        view.LastSyncAt,
        view.LastFailAt,
        view.LastFailReason);
}
