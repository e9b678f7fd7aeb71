using Grok2Api.TokenPool.Registry;

namespace Grok2Api.AdminApi.Tokens;

/// <summary>The answer of <c>GET /v1/admin/tokens</c>.</summary>
public sealed record TokenListResponse(IReadOnlyList<AdminTokenView> Items, int Total, int Page, int PageSize, TokenStats Stats);
