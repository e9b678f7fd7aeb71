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
        var node = JsonSerializer.SerializeToNode(new GrokConfig(), ConfigJsonContext.Default.GrokConfig)!.AsObject();
        var tree = ConfigTree.NormalizeObject(node);

        // JSON writes 60.0 as 60; float keys are floats in TOML, so config.toml shows "60.0".
        foreach (var section in ConfigSchema.Sections)
        {
            var table = (JsonObject)tree[section.Name]!;
            foreach (var key in section.Keys.Where(k => k.Kind == ConfigValueKind.Float))
            {
                if (ConfigTree.ReadScalar(table[key.Name]!.AsValue()) is long integral)
                {
                    table[key.Name] = JsonValue.Create((double)integral);
                }
            }
        }

        return tree;
    }
}
