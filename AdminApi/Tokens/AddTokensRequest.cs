namespace Grok2Api.AdminApi.Tokens;

/// <summary>The body of <c>POST /v1/admin/tokens</c>. Each entry may hold several tokens, one per line.</summary>
public sealed record AddTokensRequest(string? Pool, IReadOnlyList<string?>? Tokens, string? Note);
