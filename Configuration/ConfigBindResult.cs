using System.Text.Json.Nodes;

namespace Grok2Api.Configuration;

/// <summary>The outcome of binding a stored tree.</summary>
/// <param name="Config">The typed config, or <see langword="null"/> when there are errors.</param>
/// <param name="Effective">Defaults merged with the stored tree (unknown keys included).</param>
/// <param name="Errors">Every problem, each naming <c>section.key</c>, the value and the reason.</param>
/// <param name="Warnings">Unknown keys and sections, kept but unused.</param>
internal sealed record ConfigBindResult(
    GrokConfig? Config,
    JsonObject Effective,
    IReadOnlyList<string> Errors,
    IReadOnlyList<string> Warnings);
