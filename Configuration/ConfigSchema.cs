using System.Reflection;
using System.Text.Json;

namespace Grok2Api.Configuration;

/// <summary>
/// The known sections and keys, read once from <see cref="GrokConfig"/> and its section records, so
/// adding a property to a record is all it takes to add a key.
/// </summary>
internal static class ConfigSchema
{
    private static readonly IReadOnlyList<ConfigSectionInfo> AllSections = Build();

    /// <summary>The sections in <see cref="GrokConfig"/> order.</summary>
    public static IReadOnlyList<ConfigSectionInfo> Sections => AllSections;

    public static ConfigSectionInfo? FindSection(string name)
    {
        foreach (var section in AllSections)
        {
            if (string.Equals(section.Name, name, StringComparison.Ordinal))
            {
                return section;
            }
        }

        return null;
    }

    public static ConfigKeyInfo? FindKey(string section, string key) => FindSection(section)?.Find(key);

    /// <summary>The TOML name of a record property (<c>AppUrl</c> is <c>app_url</c>).</summary>
    public static string TomlName(string propertyName) => JsonNamingPolicy.SnakeCaseLower.ConvertName(propertyName);

    private static IReadOnlyList<ConfigSectionInfo> Build()
    {
        var sections = new List<ConfigSectionInfo>();
        foreach (var sectionProperty in OrderedProperties(typeof(GrokConfig)))
        {
            var sectionName = TomlName(sectionProperty.Name);
            var keys = new List<ConfigKeyInfo>();
            foreach (var keyProperty in OrderedProperties(sectionProperty.PropertyType))
            {
                keys.Add(new ConfigKeyInfo(sectionName, TomlName(keyProperty.Name), KindOf(keyProperty), keyProperty));
            }

            sections.Add(new ConfigSectionInfo(sectionName, sectionProperty, keys));
        }

        return sections;
    }

    // Declaration order is what the default file and config.toml.example show, the keys of a shared
    // base record (StreamedCallSection, BatchTaskSection) first; metadata tokens follow declaration
    // order within a type, GetProperties alone does not promise any order.
    private static IEnumerable<PropertyInfo> OrderedProperties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0)
            .OrderBy(p => Depth(p.DeclaringType!))
            .ThenBy(p => p.MetadataToken);

    private static int Depth(Type type) => type.BaseType is { } parent ? 1 + Depth(parent) : 0;

    private static ConfigValueKind KindOf(PropertyInfo property)
    {
        var type = property.PropertyType;
        if (type == typeof(int))
        {
            return ConfigValueKind.Integer;
        }

        if (type == typeof(double))
        {
            return ConfigValueKind.Float;
        }

        if (type == typeof(bool))
        {
            return ConfigValueKind.Boolean;
        }

        if (type == typeof(string))
        {
            return ConfigValueKind.String;
        }

        if (type == typeof(IReadOnlyList<string>))
        {
            return ConfigValueKind.StringList;
        }

        if (type == typeof(IReadOnlyList<int>))
        {
            return ConfigValueKind.IntegerList;
        }

        if (type == typeof(IReadOnlyDictionary<string, int>))
        {
            return ConfigValueKind.IntegerTable;
        }

        throw new InvalidOperationException(
            $"Config property {property.DeclaringType?.Name}.{property.Name} has unsupported type {type}; add it to ConfigSchema.");
    }
}
