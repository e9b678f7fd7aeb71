using System.Reflection;

namespace Grok2Api.Configuration;

/// <summary>One known section, with its keys in declaration (default file) order.</summary>
internal sealed record ConfigSectionInfo(string Name, PropertyInfo Property, IReadOnlyList<ConfigKeyInfo> Keys)
{
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
