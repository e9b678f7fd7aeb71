using System.Collections.Frozen;

namespace Grok2Api.Transforms.Grok.Models;

/// <summary>
/// The operator's model aliases (<c>[model_alias]</c>: a client's model name → a model id of the
/// catalogue), so that coding tools configured with their own model names (Claude Code, Codex) reach
/// a chosen Grok model. Empty by default. An alias never hides a catalogue id: a catalogue id always
/// means itself. Immutable; thread-safe.
/// </summary>
public sealed class ModelAliases
{
    private readonly FrozenDictionary<string, string> _map;

    /// <summary>Aliases from a table; entries whose target is not a catalogue id are left out (the config check reports them).</summary>
    /// <param name="map">Client name → catalogue id.</param>
    public ModelAliases(IEnumerable<KeyValuePair<string, string>> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        _map = map
            .Where(p => p.Key.Length > 0 && GrokModelCatalog.TryGet(p.Value, out _) && !GrokModelCatalog.TryGet(p.Key, out _))
            .ToFrozenDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
    }

    /// <summary>No aliases.</summary>
    public static ModelAliases None { get; } = new([]);

    /// <summary>The aliases in effect, client name → catalogue id.</summary>
    public IReadOnlyDictionary<string, string> Map => _map;

    /// <summary>The model a client's name means: a catalogue id, or an alias of one.</summary>
    /// <param name="name">The name the client sent.</param>
    /// <param name="model">The model, when known.</param>
    /// <returns>Whether the name is known.</returns>
    public bool TryResolve(string? name, [NotNullWhen(true)] out ModelInfo? model)
    {
        if (GrokModelCatalog.TryGet(name, out model))
        {
            return true;
        }

        model = null;
        return name is not null && _map.TryGetValue(name, out var target) && GrokModelCatalog.TryGet(target, out model);
    }
}
