using System.Text;
using System.Text.Json.Nodes;
using Tomlyn.Syntax;

namespace Grok2Api.Storage.Configuration;

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
        var edits = new List<TextEdit>();
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
                edits.Add(TextEdit.Delete(table.Span.Offset, EndOf(text, table)));
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
            edits.Add(TextEdit.Insert(
                text.Length,
                text.Length == 0 ? block.TrimStart('\n') : (text.EndsWith('\n') ? "" : "\n") + block));
        }

        return Apply(text, [.. edits.Where(e => !e.IsDeletion), .. Deletions(text, edits.Where(e => e.IsDeletion))]);
    }

    private static void EditLeaf(string text, List<TextEdit> edits, HashSet<string> leaves, KeyValueSyntax kv, IReadOnlyList<string> path, JsonObject current, JsonObject target)
    {
        leaves.Add(PathKey(path));
        var wanted = ConfigTree.Get(target, path);
        if (wanted is null)
        {
            edits.Add(TextEdit.Delete(kv.Span.Offset, EndOf(text, kv)));
        }
        else if (!ConfigTree.StrictEquals(ConfigTree.Get(current, path), wanted))
        {
            var value = kv.Value!;
            edits.Add(TextEdit.Replace(value.Span.Offset, value.Span.Offset + value.Span.Length, TomlText.Inline(wanted)));
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
            context.Edits.Add(TextEdit.Insert(anchor, AfterNewline(text, anchor) + newLines));
        }
        else if (context.Tables.TryGetValue(PathKey(path), out var table))
        {
            var anchor = table.Items.ChildrenCount > 0
                ? EndOf(text, table.Items.GetChild(table.Items.ChildrenCount - 1)!)
                : EndOf(text, table.EndOfLineToken ?? (SyntaxNode)table.CloseBracket!);
            context.Edits.Add(TextEdit.Insert(anchor, AfterNewline(text, anchor) + newLines));
        }
        else
        {
            // The table only exists implicitly ([a.b] without [a], or dotted keys): give it a header.
            context.Appended.Append("\n[").Append(TomlText.TableName(path)).Append("]\n").Append(newLines);
        }
    }

    /// <summary>
    /// Turns removed keys and tables into line deletions: each takes the comment lines directly
    /// above it (they describe what goes), neighbouring deletions merge, and one blank line around
    /// each merged block goes too, so no empty gap is left behind.
    /// </summary>
    private static IEnumerable<TextEdit> Deletions(string text, IEnumerable<TextEdit> removals)
    {
        var ranges = new List<(int Start, int End)>();
        foreach (var removal in removals.OrderBy(r => r.Start))
        {
            var start = LineStart(text, removal.Start);
            while (start > 0 && IsCommentLine(text, LineStart(text, start - 1), start))
            {
                start = LineStart(text, start - 1);
            }

            var end = LineEnd(text, Math.Max(removal.Start, removal.End - 1));
            if (ranges.Count > 0 && start <= ranges[^1].End)
            {
                ranges[^1] = (ranges[^1].Start, Math.Max(ranges[^1].End, end));
            }
            else
            {
                ranges.Add((start, end));
            }
        }

        foreach (var (rangeStart, rangeEnd) in ranges)
        {
            var start = rangeStart;
            var end = rangeEnd;
            var before = start == 0 ? (0, 0) : (LineStart(text, start - 1), start);
            var blankBefore = start == 0 || IsBlankLine(text, before.Item1, before.Item2) || IsHeaderLine(text, before.Item1, before.Item2);
            var afterEnd = LineEnd(text, end);
            if (blankBefore && end < text.Length && IsBlankLine(text, end, afterEnd))
            {
                end = afterEnd;
            }
            else if (end >= text.Length && start > 0 && IsBlankLine(text, before.Item1, before.Item2))
            {
                start = before.Item1;
            }

            yield return TextEdit.Replace(start, end, "");
        }
    }

    // Offsets of the line holding position; a line's end includes its newline.
    private static int LineStart(string text, int position) =>
        position <= 0 ? 0 : text.LastIndexOf('\n', Math.Min(position, text.Length) - 1) + 1;

    private static int LineEnd(string text, int position)
    {
        var newline = text.IndexOf('\n', position);
        return newline < 0 ? text.Length : newline + 1;
    }

    private static bool IsBlankLine(string text, int start, int end) => text.AsSpan(start, end - start).Trim().IsEmpty;

    private static bool IsCommentLine(string text, int start, int end) => text.AsSpan(start, end - start).TrimStart().StartsWith('#');

    private static bool IsHeaderLine(string text, int start, int end) => text.AsSpan(start, end - start).TrimStart().StartsWith('[');

    private static string AfterNewline(string text, int offset) => offset > 0 && text[offset - 1] != '\n' ? "\n" : "";

    private static int EndOf(string text, SyntaxNode node) => Math.Min(text.Length, node.Span.Offset + node.Span.Length);

    private static string PathKey(IEnumerable<string> path) => string.Join('\u0000', path);

    private static string? Apply(string text, List<TextEdit> edits)
    {
        // Apply from the end so earlier offsets stay valid; at one offset, replacements go before insertions.
        // Insertions at one offset are applied last-added first, so they end up in the order they were added.
        var ordered = edits.Select((edit, index) => (edit, index))
            .OrderByDescending(e => e.edit.Start)
            .ThenBy(e => e.edit.IsInsert ? 1 : 0)
            .ThenByDescending(e => e.index)
            .Select(e => e.edit)
            .ToList();
        var result = new StringBuilder(text);
        var limit = int.MaxValue;
        foreach (var edit in ordered)
        {
            if (edit.End > limit)
            {
                return null;
            }

            result.Remove(edit.Start, edit.End - edit.Start).Insert(edit.Start, edit.NewText);
            limit = edit.Start;
        }

        return result.ToString();
    }

    private sealed record AddContext(
        List<TextEdit> Edits,
        StringBuilder Appended,
        string Text,
        DocumentSyntax Document,
        Dictionary<string, TableSyntaxBase> Tables,
        HashSet<string> Leaves,
        JsonObject Current,
        TomlWriteOptions Options);

    private sealed record TextEdit(int Start, int End, string NewText)
    {
        public bool IsInsert => Start == End;

        public bool IsDeletion { get; private init; }

        public static TextEdit Delete(int start, int end) => new(start, end, "") { IsDeletion = true };

        public static TextEdit Replace(int start, int end, string newText) => new(start, end, newText);

        public static TextEdit Insert(int offset, string newText) => new(offset, offset, newText);
    }
}
