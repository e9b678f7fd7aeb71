namespace Grok2Api.AdminApi.Tokens;

/// <summary>The answer of <c>POST /v1/admin/tokens/delete</c>.</summary>
public sealed record DeleteTokensResponse(int Deleted);
