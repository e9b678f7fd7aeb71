namespace Grok2Api.AdminApi.Tokens;

/// <summary>The body of <c>PATCH /v1/admin/tokens/{id}</c>; absent or null members are left unchanged.</summary>
public sealed record PatchTokenRequest(string? Pool, int? Quota, string? Note, string? Status, IReadOnlyList<string?>? Tags);
