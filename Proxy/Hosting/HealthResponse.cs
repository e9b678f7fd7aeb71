namespace Grok2Api.Proxy.Hosting;

/// <summary>The body of <c>GET /health</c>.</summary>
/// <param name="Status">Always <c>ok</c> once the service accepts requests.</param>
internal sealed record HealthResponse(string Status);
