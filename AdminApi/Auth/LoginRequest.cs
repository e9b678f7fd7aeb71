namespace Grok2Api.AdminApi.Auth;

/// <summary>The body of <c>POST /v1/admin/login</c>.</summary>
/// <param name="AppKey">The admin key (<c>app.app_key</c>).</param>
public sealed record LoginRequest(string? AppKey);
