using System.Text.Json;
using System.Text.Json.Nodes;

namespace Grok2Api.Storage.Shared;

/// <summary>
/// The config tree as a shared store keeps it: one entry per <c>section.key</c>, the value the JSON
/// text of the node. A section whose value is not an object is kept under the key <c>""</c>.
/// </summary>
internal static class ConfigEntries
{
    /// <summary>The entries of <paramref name="tree"/>, keyed by (section, key).</summary>
    public static Dictionary<(string Section, string Key), string> Flatten(JsonObject tree)
    {
        ArgumentNullException.ThrowIfNull(tree);
        var entries = new Dictionary<(string, string), string>();
        foreach (var (section, node) in tree)
        {
            if (node is JsonObject keys)
            {
                foreach (var (key, value) in keys)
                {
                    entries[(section, key)] = ToText(value);
                }
            }
            else
            {
                entries[(section, "")] = ToText(node);
            }
        }

        return entries;
    }

    /// <summary>The tree of <paramref name="entries"/>; null when there is none.</summary>
    /// <exception cref="ConfigFormatException">A stored value is not JSON.</exception>
    public static JsonObject? Build(IEnumerable<(string Section, string Key, string Value)> entries)
    {
        JsonObject? tree = null;
        foreach (var (section, key, value) in entries.OrderBy(e => e.Section, StringComparer.Ordinal).ThenBy(e => e.Key, StringComparer.Ordinal))
        {
            tree ??= [];
            var node = Parse(section, key, value);
            if (key.Length == 0)
            {
                if (!tree.ContainsKey(section))
                {
                    tree[section] = node;
                }

                continue;
            }

            if (tree[section] is not JsonObject keys)
            {
                keys = [];
                tree[section] = keys;
            }

            keys[key] = node;
        }

        return tree;
    }

    /// <summary>What to write to go from <paramref name="before"/> to <paramref name="after"/>: entries to upsert and keys to delete.</summary>
    public static (List<KeyValuePair<(string Section, string Key), string>> Upserts, List<(string Section, string Key)> Deletes) Diff(
        IReadOnlyDictionary<(string Section, string Key), string> before,
        IReadOnlyDictionary<(string Section, string Key), string> after)
    {
        var upserts = after.Where(e => !before.TryGetValue(e.Key, out var old) || !string.Equals(old, e.Value, StringComparison.Ordinal)).ToList();
        var deletes = before.Keys.Where(k => !after.ContainsKey(k)).ToList();
        return (upserts, deletes);
    }

    private static string ToText(JsonNode? node) => node is null ? "null" : node.ToJsonString();

    private static JsonNode? Parse(string section, string key, string value)
    {
        try
        {
            return JsonNode.Parse(value);
        }
        catch (JsonException ex)
        {
            throw new ConfigFormatException($"The stored config value {section}.{key} is not JSON: {ex.Message}", ex);
        }
    }
}
