using System.Text.Json;
using System.Text.Json.Nodes;

namespace Grok2Api.Configuration;

/// <summary>
/// The default tree, made from <c>new GrokConfig()</c> so the record initializers are the only
/// place defaults are written down.
/// </summary>
internal static class ConfigDefaults
{
    private static readonly JsonObject DefaultTree = Build();

    /// <summary>How config.toml is rendered when written whole: default order, comments, header.</summary>
    public static TomlWriteOptions FileOptions { get; } = new(DefaultTree, ConfigComments.ByPath, ConfigComments.Header);

    /// <summary>A fresh copy of the default tree (callers may modify it).</summary>
    public static JsonObject Tree()
    {
        lock (DefaultTree)
        {
            return ConfigTree.NormalizeObject(DefaultTree);
        }
    }

    private static JsonObject Build()
    {
        var serialized = JsonSerializer.SerializeToNode(new GrokConfig(), ConfigJsonContext.Default.GrokConfig)!.AsObject();

        // Keys in schema order (declaration order, shared base keys first), not the serializer's.
        var tree = new JsonObject();
        foreach (var section in ConfigSchema.Sections)
        {
            if (section.IsMap)
            {
                tree[section.Name] = ConfigTree.Normalize(serialized[section.Name]);
                continue;
            }

            var source = (JsonObject)serialized[section.Name]!;
            var table = new JsonObject();
            foreach (var key in section.Keys)
            {
                var value = ConfigTree.Normalize(source[key.Name]);

                // JSON writes 60.0 as 60; float keys are floats in TOML, so config.toml shows "60.0".
                if (key.Kind == ConfigValueKind.Float && ConfigTree.ReadScalar(value!.AsValue()) is long integral)
                {
                    value = JsonValue.Create((double)integral);
                }

                table[key.Name] = value;
            }

            tree[section.Name] = table;
        }

        return tree;
    }
}
