using System.Reflection;

namespace Grok2Api.Configuration;

/// <summary>
/// One known section, with its keys in declaration (default file) order; a map section
/// (<see cref="IsMap"/>) has no fixed keys: any valid name maps to a string.
/// </summary>
internal sealed record ConfigSectionInfo(string Name, PropertyInfo Property, IReadOnlyList<ConfigKeyInfo> Keys)
{
    /// <summary>Whether the section's keys are free names mapped to strings (<c>[model_alias]</c>).</summary>
    public bool IsMap { get; init; }

    public ConfigKeyInfo? Find(string key)
    {
        foreach (var info in Keys)
        {
            if (string.Equals(info.Name, key, StringComparison.Ordinal))
            {
                return info;
            }
        }

        return null;
    }
}
