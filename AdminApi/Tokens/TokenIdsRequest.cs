namespace Grok2Api.AdminApi.Tokens;

/// <summary>A body naming tokens by id (<c>POST /v1/admin/tokens/delete</c> and <c>/export</c>).</summary>
public sealed record TokenIdsRequest(IReadOnlyList<string?>? Ids);
