using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;

namespace Grok2Api.Configuration;

/// <summary>
/// The known sections and keys described for an editor (the admin app's config page): kinds,
/// defaults, limits and descriptions, all read from the section records, their validation attributes,
/// <see cref="ConfigDefaults"/> and <see cref="ConfigComments"/>, so a key added to a record shows up
/// with no further change.
/// </summary>
public static class ConfigCatalog
{
    // What a value of [model_alias] must be; checked where aliases are used (the Proxy knows the catalogue).
    private const string ModelAliasValueRule =
        "a model id of GET /v1/models; an alias naming an unknown model, or equal to a model id, is ignored with a warning in the log";

    private static readonly Lazy<IReadOnlyList<ConfigSectionDescription>> AllSections = new(Build);

    /// <summary>Every section and key in config.toml order.</summary>
    public static IReadOnlyList<ConfigSectionDescription> Sections => AllSections.Value;

    /// <summary>
    /// Whether <c>section.key</c> is a known key holding a secret (<c>app.app_key</c>, <c>app.api_key</c>,
    /// <c>app.public_key</c>, <c>proxy.cf_clearance</c>, <c>proxy.statsig_id</c>): one the effective
    /// config shows only masked.
    /// </summary>
    /// <param name="section">The section name.</param>
    /// <param name="key">The key name.</param>
    public static bool IsSecret(string section, string key) =>
        ConfigSchema.FindKey(section, key) is { Kind: ConfigValueKind.String } info && ConfigSecrets.IsSecretKey(info.Name);

    private static IReadOnlyList<ConfigSectionDescription> Build()
    {
        var defaults = ConfigDefaults.Tree();
        var sections = new List<ConfigSectionDescription>();
        foreach (var section in ConfigSchema.Sections)
        {
            if (section.IsMap)
            {
                sections.Add(new ConfigSectionDescription(section.Name, CommentOf(section.Name), [])
                {
                    Map = new ConfigMapDescription("string", ConfigSchema.MapKeyRule, ModelAliasValueRule),
                });
                continue;
            }

            var table = defaults[section.Name] as JsonObject;
            var keys = new List<ConfigKeyDescription>();
            foreach (var key in section.Keys)
            {
                keys.Add(Describe(key, table?[key.Name]?.DeepClone()));
            }

            sections.Add(new ConfigSectionDescription(section.Name, CommentOf(section.Name), keys));
        }

        return sections;
    }

    private static ConfigKeyDescription Describe(ConfigKeyInfo key, JsonNode? defaultValue)
    {
        var property = key.Property;
        var allowed = property.GetCustomAttribute<AllowedValuesAttribute>();
        var range = property.GetCustomAttribute<RangeAttribute>();
        var each = property.GetCustomAttribute<EachInRangeAttribute>();
        var required = property.GetCustomAttribute<RequiredAttribute>() is { AllowEmptyStrings: false };

        // Rules other than ranges, allowed values and "required" are told in words.
        var constraint = property.GetCustomAttributes<ValidationAttribute>()
            .Where(attribute => attribute is not (RangeAttribute or AllowedValuesAttribute or RequiredAttribute or EachInRangeAttribute))
            .OfType<IConfigRule>()
            .Select(rule => rule.Requirement)
            .FirstOrDefault();

        var (kind, item) = key.Kind switch
        {
            ConfigValueKind.Integer => ("int", (string?)null),
            ConfigValueKind.Float => ("number", null),
            ConfigValueKind.Boolean => ("bool", null),
            ConfigValueKind.StringList => ("list", "string"),
            ConfigValueKind.IntegerList => ("list", "int"),
            ConfigValueKind.IntegerTable => ("table", "int"),
            _ when ConfigSecrets.IsSecretKey(key.Name) => ("secret", null),
            _ when allowed is not null => ("enum", null),
            _ => ("string", null),
        };

        IReadOnlyList<string>? values = kind == "enum"
            ? [.. allowed!.Values.Select(value => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "")]
            : null;
        var min = range is not null ? ToDouble(range.Minimum) : each is not null ? each.Minimum : (double?)null;
        var max = range is not null ? ToDouble(range.Maximum) : each is not null ? each.Maximum : (double?)null;
        return new ConfigKeyDescription(key.Name, kind, item, defaultValue, CommentOf(key.Path), values, min, max, required, constraint);
    }

    private static double? ToDouble(object? value) => value is null ? null : Convert.ToDouble(value, CultureInfo.InvariantCulture);

    private static string CommentOf(string path) => ConfigComments.ByPath.TryGetValue(path, out var text) ? text : "";
}
