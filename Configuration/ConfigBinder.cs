using System.Text.Json;
using System.Text.Json.Nodes;

namespace Grok2Api.Configuration;

/// <summary>
/// Turns a stored tree into a validated <see cref="GrokConfig"/>: defaults are merged under it,
/// every known key is converted to its type (leniently: "60" and "true" are accepted, 60.5 for an
/// integer is not), the records are built by System.Text.Json and checked against their
/// DataAnnotations. All problems are collected, none stops the others from being found.
/// </summary>
internal static class ConfigBinder
{
    public static ConfigBindResult Bind(JsonObject stored)
    {
        var effective = ConfigTree.DeepMerge(ConfigDefaults.Tree(), stored);
        var errors = new List<string>();
        var warnings = new List<string>();
        CheckStorable(effective, "", errors);

        // Every key starts at its default: a key that fails to convert keeps it, so the range and enum
        // checks of all the other keys still run and every problem is reported at once. (The records
        // are filled from a complete object on purpose: generated deserializers set a missing init
        // property to default(T), not to its initializer.)
        var typed = ConfigDefaults.Tree();
        foreach (var (name, node) in effective)
        {
            var section = ConfigSchema.FindSection(name);
            if (section is null)
            {
                warnings.Add(node is JsonObject
                    ? $"[{name}]: unknown section, kept but not used"
                    : $"{name}: unknown key, kept but not used");
                continue;
            }

            if (node is not JsonObject table)
            {
                errors.Add($"{name}: expected a table of keys, got {ConfigSecrets.Describe(name, node)}");
                continue;
            }

            var typedTable = (JsonObject)typed[name]!;
            if (section.IsMap)
            {
                BindMap(name, table, typedTable, errors);
                continue;
            }

            foreach (var (key, value) in table)
            {
                var info = section.Find(key);
                if (info is null)
                {
                    warnings.Add($"{name}.{key}: unknown key, kept but not used");
                    continue;
                }

                if (ConfigValueCoercer.Coerce(info, value, errors) is { } coerced)
                {
                    typedTable[key] = coerced;
                }
            }
        }

        var config = typed.Deserialize(ConfigJsonContext.Default.GrokConfig)
            ?? throw new InvalidOperationException("The config tree deserialized to null.");
        ConfigAnnotationValidator.Validate(config, errors);
        return new ConfigBindResult(errors.Count == 0 ? config : null, effective, errors, warnings);
    }

    // A map section: every key is the operator's, checked for shape; every value must be a non-empty
    // string (a dotted key left unquoted in TOML arrives here as a table, and is reported as such).
    private static void BindMap(string name, JsonObject table, JsonObject typedTable, List<string> errors)
    {
        foreach (var (key, value) in table)
        {
            var path = $"{name}.{key}";
            if (ConfigSchema.MapKeyProblem(key) is { } problem)
            {
                errors.Add($"{path}: {problem}, got {ConfigTree.DescribeScalar(key)}");
                continue;
            }

            switch (value)
            {
                case JsonValue scalar when ConfigTree.ReadScalar(scalar) is string text && text.Trim().Length > 0:
                    typedTable[key] = JsonValue.Create(text.Trim());
                    break;
                case JsonObject:
                    errors.Add($"{path}: expected a model id (a string), got a table (quote a name that has dots: \"{key}.…\" = \"…\")");
                    break;
                default:
                    errors.Add($"{path}: expected a model id (a non-empty string), got {ConfigTree.Describe(value)}");
                    break;
            }
        }
    }

    // Values TOML cannot hold are refused anywhere in the tree, known key or not, so a tree that
    // validates can always be written.
    private static void CheckStorable(JsonNode? node, string path, List<string> errors)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj)
                {
                    CheckStorable(child, path.Length == 0 ? key : $"{path}.{key}", errors);
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is null)
                    {
                        errors.Add($"{path}[{i}]: null is not allowed in a list");
                    }
                    else
                    {
                        CheckStorable(array[i], $"{path}[{i}]", errors);
                    }
                }

                break;
            case JsonValue value:
                switch (ConfigTree.ReadScalar(value))
                {
                    case string text when HasUnpairedSurrogate(text):
                        errors.Add($"{path}: contains an unpaired UTF-16 surrogate, which cannot be stored");
                        break;
                    case double number when !double.IsFinite(number):
                        errors.Add($"{path}: must be a finite number, got {ConfigTree.FormatDouble(number)}");
                        break;
                }

                break;
        }
    }

    private static bool HasUnpairedSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return true;
            }
        }

        return false;
    }
}
