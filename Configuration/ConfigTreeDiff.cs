using System.Text.Json.Nodes;

namespace Grok2Api.Configuration;

/// <summary>What changed between two config trees, for the log line of an applied change.</summary>
internal static class ConfigTreeDiff
{
    /// <summary>The <c>section.key</c> paths (or whole sections) whose values differ between two trees.</summary>
    public static IEnumerable<string> ChangedKeys(JsonObject before, JsonObject after)
    {
        foreach (var (section, node) in after)
        {
            if (node is JsonObject table && before[section] is JsonObject old)
            {
                foreach (var (key, value) in table)
                {
                    if (!ConfigTree.StrictEquals(value, old[key]))
                    {
                        yield return $"{section}.{key}";
                    }
                }

                foreach (var (key, _) in old)
                {
                    if (!table.ContainsKey(key))
                    {
                        yield return $"{section}.{key}";
                    }
                }
            }
            else if (!ConfigTree.StrictEquals(node, before[section]))
            {
                yield return section;
            }
        }

        foreach (var (section, _) in before)
        {
            if (!after.ContainsKey(section))
            {
                yield return section;
            }
        }
    }
}
