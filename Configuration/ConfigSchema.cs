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

    /// <summary>Whether <paramref name="name"/> is a map section (free keys, string values).</summary>
    public static bool IsMapSection(string name) => FindSection(name) is { IsMap: true };

    /// <summary>
    /// Why a key of a map section is refused, or null when it is fine: 1 to <see cref="MaxMapKeyLength"/>
    /// printable ASCII characters without spaces (dots and colons are fine: <c>"claude-3.5:latest"</c>).
    /// </summary>
    public static string? MapKeyProblem(string key)
    {
        if (key.Length is 0 or > MaxMapKeyLength)
        {
            return $"a name must be 1 to {MaxMapKeyLength} characters long";
        }

        foreach (var c in key)
        {
            if (c is < '!' or > '~')
            {
                return "a name must be printable ASCII without spaces";
            }
        }

        return null;
    }

    /// <summary>The longest key of a map section.</summary>
    public const int MaxMapKeyLength = 128;

    /// <summary>What a key of a map section must be, in words (the schema's rule).</summary>
    public const string MapKeyRule = "1 to 128 printable ASCII characters, no spaces";

    /// <summary>The TOML name of a record property (<c>AppUrl</c> is <c>app_url</c>).</summary>
    public static string TomlName(string propertyName) => JsonNamingPolicy.SnakeCaseLower.ConvertName(propertyName);

    private static IReadOnlyList<ConfigSectionInfo> Build()
    {
        var sections = new List<ConfigSectionInfo>();
        foreach (var sectionProperty in OrderedProperties(typeof(GrokConfig)))
        {
            var sectionName = TomlName(sectionProperty.Name);
            if (typeof(IReadOnlyDictionary<string, string>).IsAssignableFrom(sectionProperty.PropertyType))
            {
                // A map section ([model_alias]): the operator names its keys, every value is a string.
                sections.Add(new ConfigSectionInfo(sectionName, sectionProperty, []) { IsMap = true });
                continue;
            }

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
