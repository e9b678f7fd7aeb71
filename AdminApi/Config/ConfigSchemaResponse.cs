using Grok2Api.Configuration;

namespace Grok2Api.AdminApi.Config;

/// <summary>The answer of <c>GET /v1/admin/config/schema</c>: every section and key with kind, default, limits and description.</summary>
public sealed record ConfigSchemaResponse(IReadOnlyList<ConfigSectionDescription> Sections);
