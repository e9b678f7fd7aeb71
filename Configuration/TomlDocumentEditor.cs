using System.Text;
using System.Text.Json.Nodes;
using Tomlyn.Syntax;

namespace Grok2Api.Configuration;

/// <summary>
/// Rewrites an existing config.toml so it holds a new tree while keeping the operator's comments
/// and layout: changed values are replaced in place, removed keys and tables are cut out, new keys
/// go at the end of their table and new tables at the end of the file. The result is parsed back
/// and compared with the wanted tree; when the layout cannot express the change (dotted keys,
/// arrays of tables...), the whole file is rendered afresh instead.
/// </summary>
internal static class TomlDocumentEditor
{
    /// <summary>The new text of the document.</summary>
    /// <param name="text">The current, valid document.</param>
    /// <param name="target">The tree the document must hold.</param>
    /// <param name="sourceName">The file name, for parse errors.</param>
    /// <param name="options">How new tables and a full rendering look.</param>
    /// <exception cref="ConfigFormatException">The current document does not parse.</exception>
    public static string Update(string text, JsonObject target, string sourceName, TomlWriteOptions options)
    {
        var document = TomlConfigReader.ParseSyntax(text, sourceName);
        var current = TomlConfigReader.Parse(text, sourceName);
        if (ConfigTree.StrictEquals(current, target))
        {
            return text;
        }

        var edited = TryEdit(text, document, current, target, options);
        if (edited is not null && Holds(edited, target, sourceName))
        {
            return edited;
        }

        return TomlConfigWriter.Write(target, options);
    }

    private static bool Holds(string text, JsonObject target, string sourceName)
    {
        try
        {
            return ConfigTree.StrictEquals(TomlConfigReader.Parse(text, sourceName), target);
        }
        catch (ConfigFormatException)
        {
            return false;
        }
    }

    private static string? TryEdit(string text, DocumentSyntax document, JsonObject current, JsonObject target, TomlWriteOptions options)
    {
        var edits = new List<TomlTextEdit>();
        var tables = new Dictionary<string, TableSyntaxBase>(StringComparer.Ordinal);
        var leaves = new HashSet<string>(StringComparer.Ordinal);

        foreach (var kv in document.KeyValues)
        {
            EditLeaf(text, edits, leaves, kv, TomlConfigReader.KeyPath(kv.Key!), current, target);
        }

        foreach (var table in document.Tables)
        {
            if (table is not TableSyntax)
            {
                // Arrays of tables: leave them alone; a change inside one fails the check and falls back.
                continue;
            }

            var tablePath = TomlConfigReader.KeyPath(table.Name!);
            tables[PathKey(tablePath)] = table;
            if (ConfigTree.Get(target, tablePath) is not JsonObject)
            {
                edits.Add(TomlTextEdit.Delete(table.Span.Offset, EndOf(text, table)));
                continue;
            }

            foreach (var kv in table.Items)
            {
                EditLeaf(text, edits, leaves, kv, [.. tablePath, .. TomlConfigReader.KeyPath(kv.Key!)], current, target);
            }
        }

        var appended = new StringBuilder();
        var context = new AddContext(edits, appended, text, document, tables, leaves, current, options);
        AddMissing(context, [], target);
        if (appended.Length > 0)
        {
            // Each appended table starts with a blank line; the file must end its last line first.
            var block = appended.ToString();
            edits.Add(TomlTextEdit.Insert(
                text.Length,
                text.Length == 0 ? block.TrimStart('\n') : (text.EndsWith('\n') ? "" : "\n") + block));
        }

        return TomlTextEdits.Apply(text, [.. edits.Where(e => !e.IsDeletion), .. TomlTextEdits.Deletions(text, edits.Where(e => e.IsDeletion))]);
    }

    private static void EditLeaf(string text, List<TomlTextEdit> edits, HashSet<string> leaves, KeyValueSyntax kv, IReadOnlyList<string> path, JsonObject current, JsonObject target)
    {
        leaves.Add(PathKey(path));
        var wanted = ConfigTree.Get(target, path);
        if (wanted is null)
        {
            edits.Add(TomlTextEdit.Delete(kv.Span.Offset, EndOf(text, kv)));
        }
        else if (!ConfigTree.StrictEquals(ConfigTree.Get(current, path), wanted))
        {
            var value = kv.Value!;
            edits.Add(TomlTextEdit.Replace(value.Span.Offset, value.Span.Offset + value.Span.Length, TomlText.Inline(wanted)));
        }
    }

    private static void AddMissing(AddContext context, List<string> path, JsonObject target)
    {
        var options = context.Options;
        var template = path.Count == 0 ? options.OrderTemplate : ConfigTree.Get(options.OrderTemplate ?? [], path) as JsonObject;
        var newLines = new StringBuilder();
        foreach (var (key, value) in TomlConfigWriter.Ordered(target, template))
        {
            List<string> childPath = [.. path, key];
            var existing = ConfigTree.Get(context.Current, childPath);
            if (context.Leaves.Contains(PathKey(childPath)))
            {
                // A key = value line (possibly an inline table): its value was replaced as a whole.
                continue;
            }

            if (existing is JsonObject && value is JsonObject childTarget)
            {
                AddMissing(context, childPath, childTarget);
            }
            else if (existing is null && value is JsonObject newTable)
            {
                context.Appended.Append('\n').Append(TomlConfigWriter.WriteTable(childPath, newTable, template?[key] as JsonObject, options));
            }
            else if (existing is null)
            {
                newLines.Append(TomlConfigWriter.KeyValueLine(path, key, value!, options));
            }
        }

        if (newLines.Length == 0)
        {
            return;
        }

        var text = context.Text;
        var document = context.Document;
        if (path.Count == 0)
        {
            var anchor = document.KeyValues.ChildrenCount > 0 ? EndOf(text, document.KeyValues.GetChild(document.KeyValues.ChildrenCount - 1)!) : 0;
            context.Edits.Add(TomlTextEdit.Insert(anchor, AfterNewline(text, anchor) + newLines));
        }
        else if (context.Tables.TryGetValue(PathKey(path), out var table))
        {
            var anchor = table.Items.ChildrenCount > 0
                ? EndOf(text, table.Items.GetChild(table.Items.ChildrenCount - 1)!)
                : EndOf(text, table.EndOfLineToken ?? (SyntaxNode)table.CloseBracket!);
            context.Edits.Add(TomlTextEdit.Insert(anchor, AfterNewline(text, anchor) + newLines));
        }
        else
        {
            // The table only exists implicitly ([a.b] without [a], or dotted keys): give it a header.
            context.Appended.Append("\n[").Append(TomlText.TableName(path)).Append("]\n").Append(newLines);
        }
    }

    private static string AfterNewline(string text, int offset) => offset > 0 && text[offset - 1] != '\n' ? "\n" : "";

    private static int EndOf(string text, SyntaxNode node) => Math.Min(text.Length, node.Span.Offset + node.Span.Length);

    private static string PathKey(IEnumerable<string> path) => string.Join('\u0000', path);

    private sealed record AddContext(
        List<TomlTextEdit> Edits,
        StringBuilder Appended,
        string Text,
        DocumentSyntax Document,
        Dictionary<string, TableSyntaxBase> Tables,
        HashSet<string> Leaves,
        JsonObject Current,
        TomlWriteOptions Options);
}
