namespace Grok2Api.AdminApi.Tokens;

/// <summary>The answer of <c>POST /v1/admin/tokens</c>.</summary>
public sealed record AddTokensResponse(int Added, int Skipped);
