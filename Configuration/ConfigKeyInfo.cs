using System.Reflection;

namespace Grok2Api.Configuration;

/// <summary>One known key: its section, TOML name, value kind and the record property behind it.</summary>
internal sealed record ConfigKeyInfo(string Section, string Name, ConfigValueKind Kind, PropertyInfo Property)
{
    /// <summary>The dotted path used in messages, <c>section.key</c>.</summary>
    public string Path => $"{Section}.{Name}";
}
