namespace Grok2Api.AdminApi.Config;

/// <summary>The answer of <c>POST /v1/admin/config/reveal</c>: the secret's value in clear.</summary>
public sealed record ConfigRevealResponse(string Value);
