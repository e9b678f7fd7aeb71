using System.Text.Json.Nodes;

namespace Grok2Api.Configuration;

/// <summary>One applied configuration. Never modified after creation.</summary>
/// <param name="Config">The typed, validated config.</param>
/// <param name="Stored">The stored tree it came from (current layout).</param>
/// <param name="Effective">Defaults merged with <paramref name="Stored"/>.</param>
internal sealed record LiveConfigSnapshot(GrokConfig Config, JsonObject Stored, JsonObject Effective);
