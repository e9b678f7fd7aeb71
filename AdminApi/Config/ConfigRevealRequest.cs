namespace Grok2Api.AdminApi.Config;

/// <summary>The body of <c>POST /v1/admin/config/reveal</c>: the secret to show, as <c>section.key</c>.</summary>
public sealed record ConfigRevealRequest(string? Key);
