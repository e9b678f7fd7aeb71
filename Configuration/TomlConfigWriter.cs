using System.Text;
using System.Text.Json.Nodes;

namespace Grok2Api.Configuration;

/// <summary>
/// Renders a whole config tree as TOML: root values first, then one <c>[table]</c> per object
/// (nested objects become <c>[a.b]</c> tables, objects inside arrays become inline tables).
/// </summary>
internal static class TomlConfigWriter
{
    public static string Write(JsonObject tree, TomlWriteOptions options)
    {
        var builder = new StringBuilder();
        foreach (var line in options.Header ?? [])
        {
            builder.Append("# ").Append(line).Append('\n');
        }

        var template = options.OrderTemplate;
        var entries = Ordered(tree, template);
        foreach (var (key, value) in entries.Where(e => e.Value is not JsonObject))
        {
            WriteKeyValue(builder, [], key, value!, options);
        }

        foreach (var (key, value) in entries.Where(e => e.Value is JsonObject))
        {
            WriteTable(builder, [key], (JsonObject)value!, template?[key] as JsonObject, options);
        }

        return builder.ToString();
    }

    /// <summary>Renders <paramref name="table"/> as <c>[path]</c> and its sub-tables, for appending to a document.</summary>
    public static string WriteTable(IReadOnlyList<string> path, JsonObject table, JsonObject? template, TomlWriteOptions options)
    {
        var builder = new StringBuilder();
        WriteTable(builder, path, table, template, options);
        return builder.ToString();
    }

    /// <summary><c>key = value</c> with the key's comment above it, as one or two lines ending in a newline.</summary>
    public static string KeyValueLine(IReadOnlyList<string> tablePath, string key, JsonNode value, TomlWriteOptions options)
    {
        var builder = new StringBuilder();
        WriteKeyValue(builder, tablePath, key, value, options);
        return builder.ToString();
    }

    private static void WriteTable(StringBuilder builder, IReadOnlyList<string> path, JsonObject table, JsonObject? template, TomlWriteOptions options)
    {
        if (builder.Length > 0)
        {
            builder.Append('\n');
        }

        if (options.Comments?.TryGetValue(string.Join('.', path), out var comment) == true)
        {
            builder.Append("# ").Append(comment).Append('\n');
        }

        builder.Append('[').Append(TomlText.TableName(path)).Append("]\n");
        var entries = Ordered(table, template);
        foreach (var (key, value) in entries.Where(e => e.Value is not JsonObject))
        {
            WriteKeyValue(builder, path, key, value!, options);
        }

        foreach (var (key, value) in entries.Where(e => e.Value is JsonObject))
        {
            WriteTable(builder, [.. path, key], (JsonObject)value!, template?[key] as JsonObject, options);
        }
    }

    private static void WriteKeyValue(StringBuilder builder, IReadOnlyList<string> tablePath, string key, JsonNode value, TomlWriteOptions options)
    {
        var path = tablePath.Count == 0 ? key : string.Join('.', tablePath) + "." + key;
        if (options.Comments?.TryGetValue(path, out var comment) == true)
        {
            builder.Append("# ").Append(comment).Append('\n');
        }

        builder.Append(TomlText.Key(key)).Append(" = ").Append(TomlText.Inline(value)).Append('\n');
    }

    /// <summary>Template keys first, in template order, then the others in tree order; nulls are absent keys.</summary>
    public static List<KeyValuePair<string, JsonNode?>> Ordered(JsonObject table, JsonObject? template)
    {
        var result = new List<KeyValuePair<string, JsonNode?>>(table.Count);
        if (template is not null)
        {
            foreach (var (key, _) in template)
            {
                if (table.TryGetPropertyValue(key, out var value) && value is not null)
                {
                    result.Add(new(key, value));
                }
            }
        }

        foreach (var pair in table)
        {
            if (pair.Value is not null && (template is null || !template.ContainsKey(pair.Key)))
            {
                result.Add(pair);
            }
        }

        return result;
    }
}
